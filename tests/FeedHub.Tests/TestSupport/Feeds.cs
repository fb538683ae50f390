using System.Net;

namespace FeedHub.Tests.TestSupport;

/// <summary>Small feeds built for a test.</summary>
public static class Feeds
{
    public sealed record Item(string Guid, string Title, Uri Link, string? Description = null, DateTimeOffset? Published = null,
        string[]? Categories = null);

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
