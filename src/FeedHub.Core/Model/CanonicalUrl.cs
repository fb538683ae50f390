namespace FeedHub.Core.Model;

/// <summary>
/// The one address of a story, whichever feed or link it came by: scheme and host lower-cased, default port and
/// fragment dropped, and the tracking parameters that campaigns, social sites and mailers add (utm_*, fbclid,
/// gclid, ...) removed; the other parameters stay in their order, as they may choose the page. FeedHub stores
/// the page's own rel=canonical when it has a usable one, else this form of the entry's link.
/// </summary>
public static class CanonicalUrl
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "mkt_tok", "oly_anon_id", "oly_enc_id",
        "vero_id", "vero_conv", "rb_clickid", "s_cid", "cmpid", "ncid", "ocid", "ref_src", "ref_url", "spm", "_ga", "_gl", "at_medium", "at_campaign",
    };

    public static Uri? Of(Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri || url.Scheme is not ("http" or "https")) return null;
        var kept = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !IsTracking(Uri.UnescapeDataString(p.Split('=')[0])))
            .ToList();
        var builder = new UriBuilder(url) { Fragment = "", Query = string.Join('&', kept) };
        if (builder.Uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri;
    }

    /// <summary>
    /// The address that identifies a story: the page's rel=canonical, else the entry's link, in canonical form.
    /// A front page identifies no story (some sites put their home page in rel=canonical on every article, some
    /// feeds link every item to it), so neither is taken when it is one; null then.
    /// </summary>
    public static Uri? ForStory(Uri? pageCanonical, Uri? entryLink) =>
        (IsStoryPage(pageCanonical) ? Of(pageCanonical) : null) ?? (IsStoryPage(entryLink) ? Of(entryLink) : null);

    private static bool IsStoryPage(Uri? url) => url is { IsAbsoluteUri: true } && (url.AbsolutePath.Trim('/').Length > 0 || url.Query.Length > 1);

    private static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);
}
