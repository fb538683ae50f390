using System.Net;

namespace FeedHub.Tests.TestSupport;

/// <summary>Small feeds built for a test.</summary>
public static class Feeds
{
    public sealed record Item(string Guid, string Title, Uri Link, string? Description = null, DateTimeOffset? Published = null,
        string[]? Categories = null);

    /// <summary>An article page with enough prose that the extraction keeps it ("extracted").</summary>
    public const string ArticlePage = "<html><head><title>A story</title></head><body><article><h1>A story</h1>" +
        "<p>Long enough to be taken for an article: a paragraph of several sentences that goes on about the news of the day, " +
        "what happened, who said what, and what comes next, so that the extraction keeps it as the body of the page.</p>" +
        "<p>A second paragraph follows with more of the same, because real articles have more than one paragraph.</p></article></body></html>";

    public static string Rss(params Item[] items)
    {
        var entries = string.Concat(items.Select(i => $"""
            <item>
              <title>{WebUtility.HtmlEncode(i.Title)}</title>
              <link>{i.Link}</link>
              <guid isPermaLink="false">{i.Guid}</guid>
              <pubDate>{(i.Published ?? new DateTimeOffset(2025, 3, 21, 9, 14, 0, TimeSpan.Zero)).ToString("R")}</pubDate>
              <description>{WebUtility.HtmlEncode(i.Description ?? "A summary of " + i.Title)}</description>
              {string.Concat((i.Categories ?? []).Select(c => $"<category>{WebUtility.HtmlEncode(c)}</category>"))}
            </item>
            """));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Test feed</title><link>http://example.test/</link><description>test</description>
            {entries}
            </channel></rss>
            """;
    }
}
