using System.Text.RegularExpressions;
using FeedHub.Core.Model;

namespace FeedHub.Core.Listings;

/// <summary>
/// What a link's address and text say about it: whether the address is on the listing's site, whether it is a
/// page of the site's machinery (tags, authors, sections, pagination, accounts) or looks like an article (a slug of
/// several words, a date, a long number), and whether its text reads as a headline.
/// </summary>
internal static partial class ArticleUrls
{
    // Path segments that name a site's machinery rather than a story; a few languages' common ones.
    private static readonly HashSet<string> ServiceSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "tag", "tags", "topic", "topics", "category", "categories", "author", "authors", "label", "labels", "search", "login", "signin",
        "sign-in", "logout", "register", "signup", "subscribe", "subscription", "newsletter", "newsletters", "about", "about-us", "contact",
        "privacy", "privacy-policy", "terms", "terms-of-use", "account", "profile", "user", "users", "feed", "rss", "cookies", "impressum",
        "datenschutz", "kontakt", "thema", "themen", "schlagwort", "autor", "rubrique", "auteur", "etiqueta", "autore", "page", "archive", "archives",
        "terms-and-conditions", "terms-of-service", "cookie-policy", "cookie-settings", "privacy-notice", "accessibility", "help", "faq",
        "sitemap", "advertise", "careers", "jobs", "imprint", "shop", "store", "donate",
    };

    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".xml", ".rss", ".zip", ".mp3", ".mp4", ".json", ".css", ".js",
    };

    public static bool IsSameSite(Uri url, Uri page)
    {
        var a = Bare(url.Host);
        var b = Bare(page.Host);
        return a == b || a.EndsWith("." + b, StringComparison.Ordinal) || b.EndsWith("." + a, StringComparison.Ordinal);
    }

    private static string Bare(string host) => host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..].ToLowerInvariant() : host.ToLowerInvariant();

    /// <summary>Why the address is not an article's, or null when it may be one.</summary>
    public static string? WhyNotAnArticle(Uri url, Uri page)
    {
        if (!IsSameSite(url, page)) return "links to another site";
        if (SameAddress(url, page)) return "links to this page itself";
        var segments = Segments(url);
        if (segments.Count == 0 && url.Query.Length <= 1) return "links to the site's front page";
        if (FileExtensions.Contains(Path.GetExtension(url.AbsolutePath))) return "links to a file, not a page";
        if (PaginationQuery().IsMatch(url.Query) || segments.Count >= 2 && segments[^2] is "page" or "seite" && segments[^1].All(char.IsDigit))
            return "a pagination link";
        if (segments.FirstOrDefault(ServiceSegments.Contains) is { } service) return $"links to a site page, not an article (/{service}/)";
        if (segments.Count > 0 && segments.All(s => s.All(char.IsDigit) && s.Length <= 4)) return "links to a date archive";
        return null;
    }

    /// <summary>
    /// Whether the address has the marks of an article: a slug of three words or more, a date, or a number of four
    /// digits or more (a story id) in its path or query. Section pages (/world/, /sport/football/) have none.
    /// </summary>
    public static bool LooksLikeAnArticle(Uri url)
    {
        var segments = Segments(url);
        if (segments.Any(IsSlug) || segments.Any(s => LongNumber().IsMatch(s))) return true;
        if (DatePath().IsMatch(url.AbsolutePath)) return true;
        return IdQuery().IsMatch(url.Query);
    }

    /// <summary>A headline: three words or more, or (in scripts written without spaces) six characters or more.</summary>
    public static bool IsHeadline(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || Boilerplate().IsMatch(trimmed)) return false;
        var words = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return words >= 3 || trimmed.Length >= 6 && trimmed.Any(IsCjk);
    }

    private static bool IsCjk(char c) => c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF';

    private static bool IsSlug(string segment)
    {
        var name = Path.GetFileNameWithoutExtension(segment);
        return name.Split('-', '_', '+').Count(part => part.Any(char.IsLetter)) >= 3;
    }

    private static bool SameAddress(Uri a, Uri b) =>
        CanonicalUrl.Of(a)?.AbsoluteUri.TrimEnd('/') == CanonicalUrl.Of(b)?.AbsoluteUri.TrimEnd('/');

    /// <summary>The path's segments, decoded, without an index page at the end.</summary>
    private static List<string> Segments(Uri url) =>
        url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(Uri.UnescapeDataString)
            .Where(s => !s.StartsWith("index.", StringComparison.OrdinalIgnoreCase))
            .ToList();

    [GeneratedRegex(@"[?&](page|paged|pg|offset|cursor|start)=", RegexOptions.IgnoreCase)]
    private static partial Regex PaginationQuery();

    [GeneratedRegex(@"[0-9]{4,}")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"/(19|20)[0-9]{2}/[01]?[0-9]/")]
    private static partial Regex DatePath();

    [GeneratedRegex(@"[?&](p|id|story|article|a|post)=[0-9]+", RegexOptions.IgnoreCase)]
    private static partial Regex IdQuery();

    // Link texts that stand for an article without naming it.
    [GeneratedRegex(@"^(read more|continue reading|more|full story|comments?( \(?[0-9]+\)?)?|leave a (comment|reply)|[0-9]+ comments?|weiterlesen|mehr|lire la suite|leer más|続きを読む)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Boilerplate();
}
