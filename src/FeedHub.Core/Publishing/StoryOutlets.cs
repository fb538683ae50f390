using System.Net;
using FeedHub.Core.Model;

namespace FeedHub.Core.Publishing;

/// <summary>
/// The other outlets that carry a published story (a syndicated copy, or the same page by another link), so that a
/// reader who sees the story once can still reach each outlet's own page.
/// </summary>
internal static class StoryOutlets
{
    /// <summary>
    /// The outlets at another page than the item's own, each page once, with a web address. Links to the same page
    /// (another feed's link with tracking parameters, a canonical-URL match) are not other outlets' pages.
    /// </summary>
    public static IReadOnlyList<StoryOutlet> Others(Article article)
    {
        var own = new HashSet<string?> { CanonicalUrl.Of(article.Url)?.AbsoluteUri, article.CanonicalUrl?.AbsoluteUri };
        return article.Outlets
            .Where(o => o.Url is { Scheme: "http" or "https" } && !own.Contains(CanonicalUrl.Of(o.Url)?.AbsoluteUri))
            .DistinctBy(o => CanonicalUrl.Of(o.Url)?.AbsoluteUri ?? o.Url!.AbsoluteUri)
            .ToList();
    }

    /// <summary>The article's HTML with a footer linking the other outlets, or as it is when there are none.</summary>
    public static string? WithFooter(Article article)
    {
        var others = Others(article);
        if (others.Count == 0) return article.ContentHtml;
        var links = others.Select(o =>
            $"<a href=\"{WebUtility.HtmlEncode(o.Url!.AbsoluteUri)}\">{WebUtility.HtmlEncode(o.Title ?? o.SourceId)}</a> ({WebUtility.HtmlEncode(o.SourceId)})");
        return article.ContentHtml + "<hr /><p>Also published by: " + string.Join(", ", links) + "</p>";
    }
}
