namespace FeedHub.Core.Model;

/// <summary>
/// Web addresses as FeedHub accepts them from feeds, pages, config and callers: absolute http or https only, so that a
/// javascript:, data: or file: address never becomes a link, a fetch or a base for other links.
/// </summary>
public static class WebUrl
{
    /// <summary>The text as an absolute http(s) URL, or null.</summary>
    public static Uri? Parse(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;

    /// <summary>The text resolved against <paramref name="baseUri"/>, when the result is an http(s) URL; else null.</summary>
    public static Uri? Resolve(Uri baseUri, string? text) =>
        text is not null && Uri.TryCreate(baseUri, text.Trim(), out var url) && url.Scheme is "http" or "https" ? url : null;
}
