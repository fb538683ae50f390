using FeedHub.Core.Parsing;

namespace FeedHub.Tests.Parsing;

/// <summary>
/// An HTML page given as a feed says so in its type (<see cref="ParseResult.NotAFeed.LinkedFeeds"/>), which discovery
/// and `feedhub parse` read instead of looking for words in the reason.
/// </summary>
public sealed class NotAFeedTests
{
    private static readonly Uri PageUrl = new("https://news.example.com/world/");

    private static ParseResult.NotAFeed Parse(string document) =>
        Assert.IsType<ParseResult.NotAFeed>(new FeedParser().Parse(System.Text.Encoding.UTF8.GetBytes(document), null, PageUrl));

    [Fact]
    public void An_html_page_lists_the_feeds_it_links()
    {
        var page = Parse("""
            <!DOCTYPE html><html><head>
            <link rel="alternate" type="application/rss+xml" href="/world/rss.xml">
            <link rel="alternate" type="application/atom+xml" href="https://news.example.com/world.atom">
            </head><body><p>Front page</p></body></html>
            """);

        Assert.True(page.IsHtmlPage);
        Assert.Equal(["https://news.example.com/world/rss.xml", "https://news.example.com/world.atom"], page.LinkedFeeds!.Select(u => u.AbsoluteUri));
        Assert.StartsWith("not a feed: the document is an HTML page; it links 2 feeds", page.Reason);
    }

    [Fact]
    public void An_html_page_without_feed_links_is_still_an_html_page()
    {
        var page = Parse("<html><head><title>Home</title></head><body><p>No feed here</p></body></html>");

        Assert.True(page.IsHtmlPage);
        Assert.Empty(page.LinkedFeeds!);
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><catalog><note>the document is an HTML page; it links a feed</note></catalog>""")]
    [InlineData("just text that mentions an HTML page")]
    public void Another_document_is_no_html_page_whatever_its_reason_quotes(string document)
    {
        var other = Parse(document);

        Assert.False(other.IsHtmlPage);
        Assert.Null(other.LinkedFeeds);
    }
}
