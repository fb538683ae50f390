using AngleSharp.Html.Parser;
using FeedHub.Core.Model;

namespace FeedHub.Core.Parsing;

/// <summary>
/// When a source's URL gives an HTML page instead of a feed, the page often names its feeds
/// (&lt;link rel="alternate" type="application/rss+xml" href="..."&gt;): say so, with the URLs, so an
/// operator can configure the real feed.
/// </summary>
internal static class HtmlFeedLinks
{
    private static readonly string[] FeedTypes = ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/rdf+xml"];

    public static IReadOnlyList<Uri> Find(string html, Uri pageUrl)
    {
        var document = new HtmlParser(new HtmlParserOptions { SkipComments = true }).ParseDocument(html);
        return document.QuerySelectorAll("link[rel][href]")
            .Where(l => l.GetAttribute("rel")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("alternate", StringComparer.OrdinalIgnoreCase))
            .Where(l => FeedTypes.Contains(l.GetAttribute("type")?.Split(';')[0].Trim().ToLowerInvariant()))
            .Select(l => WebUrl.Resolve(pageUrl, l.GetAttribute("href")))
            .OfType<Uri>()
            .Distinct()
            .ToList();
    }

    /// <summary>What a page that links <paramref name="feeds"/> is, worded for an operator who took it for a feed.</summary>
    public static string Describe(IReadOnlyList<Uri> feeds) =>
        feeds.Count switch
        {
            0 => "the document is an HTML page, and it links no feed",
            1 => $"the document is an HTML page; it links a feed at {feeds[0]} (configure that URL instead)",
            _ => $"the document is an HTML page; it links {feeds.Count} feeds: {string.Join(", ", feeds.Take(5))} (configure one of them instead)",
        };
}
