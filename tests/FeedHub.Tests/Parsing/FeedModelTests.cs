using System.Text;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Tests.Parsing;

/// <summary>What the parser makes of each format and of the breakage feeds really have, in FeedHub's own model.</summary>
public sealed class FeedModelTests
{
    private static readonly Uri FeedUrl = new("https://example.com/blog/feed.xml");
    private readonly FeedParser parser = new();

    private ParsedFeed Parse(string document, string? contentType = null) =>
        Assert.IsType<ParseResult.Parsed>(parser.Parse(Encoding.UTF8.GetBytes(document), contentType, FeedUrl)).Feed;

    private string NotAFeed(string document) =>
        Assert.IsType<ParseResult.NotAFeed>(parser.Parse(Encoding.UTF8.GetBytes(document), null, FeedUrl)).Reason;

    [Fact]
    public void A_guid_reused_for_different_items_is_not_their_id()
    {
        var feed = Parse("""
            <rss version="2.0"><channel><title>t</title>
            <item><guid>https://example.com/</guid><title>One</title><link>https://example.com/1</link></item>
            <item><guid>https://example.com/</guid><title>Two</title><link>https://example.com/2</link></item>
            <item><guid>same</guid><title>Three</title></item>
            <item><guid>same</guid><title>Four</title></item>
            <item><guid>kept</guid><title>Five</title><link>https://example.com/5</link></item>
            <item><guid>kept</guid><title>Five</title><link>https://example.com/5</link></item>
            </channel></rss>
            """);

        var ids = feed.Entries.Select(e => e.Guid).ToList();
        Assert.Equal("https://example.com/1", ids[0]);
        Assert.Equal("https://example.com/2", ids[1]);
        Assert.StartsWith("sha256:", ids[2]);
        Assert.StartsWith("sha256:", ids[3]);
        Assert.NotEqual(ids[2], ids[3]);
        Assert.Equal(["kept", "kept"], ids[4..]); // the same item twice is one item
    }

    [Fact]
    public void Without_a_guid_the_id_is_the_link_else_a_hash_that_stays_the_same()
    {
        const string document = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>Linked</title><link>/blog/linked</link></item>
            <item><title>Bare</title><pubDate>Tue, 03 Jun 2025 09:39:21 GMT</pubDate></item>
            </channel></rss>
            """;

        var first = Parse(document).Entries;
        var again = Parse(document).Entries;

        Assert.Equal("https://example.com/blog/linked", first[0].Guid);
        Assert.StartsWith("sha256:", first[1].Guid);
        Assert.Equal(first[1].Guid, again[1].Guid);
    }

    [Fact]
    public void Entities_html_knows_and_bare_ampersands_are_read_leniently()
    {
        var feed = Parse("""
            <rss version="2.0"><channel><title>Tom &amp; Jerry&nbsp;News</title>
            <item><guid>1</guid><title>Caf&eacute; & bar &mdash; open</title><link>https://example.com/a?x=1&y=2</link></item>
            </channel></rss>
            """);

        Assert.NotNull(feed.IllFormed);
        Assert.Equal("Tom & Jerry News", feed.Title); // a no-break space is a space in a plain title
        var entry = Assert.Single(feed.Entries);
        Assert.Equal("Café & bar — open", entry.Title);
        Assert.Equal("https://example.com/a?x=1&y=2", entry.Link!.AbsoluteUri);
    }

    [Fact]
    public void Tag_soup_still_yields_its_items_and_a_cut_off_item_is_dropped()
    {
        var feed = Parse("""
            <rss version="2.0"><channel><title>Soup</title>
            <item><guid>1</guid><title>First <b>bold</title><link>https://example.com/1</link></item>
            <item><guid>2</guid><title>Second</title><description><p>unclosed</description></item>
            <item><guid>3</guid><title>Cut off in the mid
            """);

        Assert.StartsWith("not well-formed XML", feed.IllFormed);
        Assert.Equal(["1", "2"], feed.Entries.Select(e => e.Guid));
        Assert.Equal("https://example.com/1", feed.Entries[0].Link!.AbsoluteUri);
    }

    [Theory]
    [InlineData("<html><body>hello</body></html>", "not a feed: the document is an HTML page, and it links no feed")]
    [InlineData("<urlset><url><loc>https://example.com/</loc></url></urlset>", "not a feed: the document is XML, but its root element <urlset> is not RSS, RDF or Atom")]
    [InlineData("[1, 2, 3]", "not a feed: the document is JSON but not a JSON Feed")]
    [InlineData("{\"version\": \"https://jsonfeed.org/version/1.1\", ", "not a feed: the document looks like JSON but is not valid JSON")]
    [InlineData("Just some words.", "not a feed: the document is neither XML nor JSON (it looks like plain text)")]
    public void What_is_not_a_feed_is_named(string document, string reason) => Assert.StartsWith(reason, NotAFeed(document));

    [Fact]
    public void An_html_page_that_links_its_feeds_names_them()
    {
        var reason = NotAFeed("""
            <!DOCTYPE html><html><head>
            <link rel="alternate" type="application/rss+xml" href="/rss.xml">
            <link rel="alternate stylesheet" type="text/css" href="/x.css">
            <link rel="alternate" type="application/atom+xml" href="https://feeds.example.com/atom">
            </head><body></body></html>
            """);

        Assert.Equal("not a feed: the document is an HTML page; it links 2 feeds: https://example.com/rss.xml, https://feeds.example.com/atom (configure one of them instead)", reason);
    }

    [Fact]
    public void Json_feed_items_come_through_whole()
    {
        var feed = Parse("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "JSON blog", "home_page_url": "https://example.com/",
             "language": "en", "authors": [{"name": "Site"}],
             "items": [
               {"id": "1", "url": "/posts/1", "title": "First", "content_html": "<p>Hello <a href='/x'>there</a></p>",
                "summary": "Hi", "date_published": "2025-06-03T09:39:21+02:00", "date_modified": "2025-06-04T10:00:00Z",
                "authors": [{"name": "Ann", "url": "https://example.com/ann"}], "tags": ["world", "defense"],
                "attachments": [{"url": "https://cdn.example.com/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1234}]},
               {"id": 2, "content_text": "Plain <text>", "author": {"name": "Old-style 1.0 author"}}
             ]}
            """, "application/feed+json");

        Assert.Equal("json11", feed.Format);
        Assert.Equal("JSON blog", feed.Title);
        Assert.Equal("https://example.com/", feed.Link!.AbsoluteUri);
        var first = feed.Entries[0];
        Assert.Equal(("1", "https://example.com/posts/1", "First"), (first.Guid, first.Link!.AbsoluteUri, first.Title));
        Assert.Equal("<p>Hello <a href=\"https://example.com/x\">there</a></p>", first.ContentHtml);
        Assert.Equal("Hi", first.Summary);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 7, 39, 21, TimeSpan.Zero), first.Published);
        Assert.Equal(new DateTimeOffset(2025, 6, 4, 10, 0, 0, TimeSpan.Zero), first.Updated);
        Assert.Equal("Ann", first.Author);
        Assert.Equal(["world", "defense"], first.Categories);
        Assert.Equal(new FeedEnclosure("https://cdn.example.com/a.mp3", "audio/mpeg", 1234), Assert.Single(first.Enclosures));
        Assert.Equal("en", first.Language);
        var second = feed.Entries[1];
        Assert.Equal("2", second.Guid);
        Assert.Equal("Plain &lt;text&gt;", second.ContentHtml);
        Assert.Equal("Old-style 1.0 author", second.Author);
    }

    [Fact]
    public void Links_resolve_against_xml_base_and_enclosures_and_comments_are_read()
    {
        var feed = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.org/world/">
              <title>World</title><link href="./"/>
              <entry xml:base="2025/">
                <id>tag:example.org,2025:1</id><title type="html">A &lt;em&gt;big&lt;/em&gt; day</title>
                <link href="big-day.html"/>
                <link rel="enclosure" href="/media/day.mp4" type="video/mp4" length="99"/>
                <link rel="replies" type="text/html" href="big-day.html#comments"/>
                <category term="world" label="World news"/><category term="politics" scheme="https://example.org/tags"/>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>See <a href="map.png">the map</a>.</p></div></content>
                <updated>2025-06-03T09:39:21Z</updated>
              </entry>
            </feed>
            """);

        Assert.Equal("https://news.example.org/world/", feed.Link!.AbsoluteUri);
        var entry = Assert.Single(feed.Entries);
        Assert.Equal("https://news.example.org/world/2025/big-day.html", entry.Link!.AbsoluteUri);
        Assert.Equal("A big day", entry.Title);
        Assert.Equal(new FeedEnclosure("https://news.example.org/media/day.mp4", "video/mp4", 99), Assert.Single(entry.Enclosures));
        Assert.Equal("https://news.example.org/world/2025/big-day.html#comments", entry.Comments);
        Assert.Equal(["World news", "politics"], entry.Categories);
        Assert.Equal("https://example.org/tags", entry.Tags[1].Scheme);
        Assert.Equal("<p>See <a href=\"https://news.example.org/world/2025/map.png\">the map</a>.</p>", entry.ContentHtml);
        Assert.Equal(entry.Updated, entry.Published ?? entry.Updated);
    }

    [Fact]
    public void Rss_enclosures_authors_and_dublin_core_are_read()
    {
        var feed = Parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel><title>Pod</title><link>https://example.com/</link>
            <item><guid isPermaLink="true">https://example.com/ep1</guid><title>Episode 1</title>
              <author>host@example.com (The Host)</author><dc:subject>audio</dc:subject><category domain="https://example.com/c">show</category>
              <enclosure url="https://cdn.example.com/ep1.mp3" type="audio/mpeg" length="5000"/>
              <comments>https://example.com/ep1#comments</comments>
              <description>Short</description><content:encoded><![CDATA[<p>Long <b>notes</b></p>]]></content:encoded>
              <dc:date>2025-06-03T09:39:21+01:00</dc:date>
            </item></channel></rss>
            """);

        Assert.Equal("rss20", feed.Format);
        var entry = Assert.Single(feed.Entries);
        Assert.Equal("https://example.com/ep1", entry.Link!.AbsoluteUri); // a permalink guid is the link
        Assert.True(entry.GuidIsLink);
        Assert.Equal(new FeedPerson("The Host", "host@example.com"), entry.Authors[0]);
        Assert.Equal("The Host (host@example.com)", entry.Author);
        Assert.Equal(["audio", "show"], entry.Categories);
        Assert.Equal(new FeedEnclosure("https://cdn.example.com/ep1.mp3", "audio/mpeg", 5000), Assert.Single(entry.Enclosures));
        Assert.Equal("https://example.com/ep1#comments", entry.Comments);
        Assert.Equal("Short", entry.Summary);
        Assert.Equal("<p>Long <b>notes</b></p>", entry.ContentHtml);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 8, 39, 21, TimeSpan.Zero), entry.Updated);
    }

    [Theory]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"x\"><title>R</title></channel><item rdf:about=\"https://example.com/1\"><title>I</title><link>https://example.com/1</link></item></rdf:RDF>", "rss10")]
    [InlineData("<rss version=\"0.92\"><channel><title>R</title><item><title>I</title><link>https://example.com/1</link></item></channel></rss>", "rss092")]
    [InlineData("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>R</title><entry><title>I</title><link rel=\"alternate\" href=\"https://example.com/1\"/><id>https://example.com/1</id></entry></feed>", "atom03")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>R</title><entry><title>I</title><link href=\"https://example.com/1\"/><id>https://example.com/1</id></entry></feed>", "atom10")]
    [InlineData("{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"R\",\"items\":[{\"id\":\"https://example.com/1\",\"url\":\"https://example.com/1\",\"title\":\"I\"}]}", "json10")]
    public void Every_format_gives_the_same_model(string document, string format)
    {
        var feed = Parse(document);

        Assert.Equal(format, feed.Format);
        Assert.Equal("R", feed.Title);
        var entry = Assert.Single(feed.Entries);
        Assert.Equal(("I", "https://example.com/1", "https://example.com/1"), (entry.Title, entry.Link!.AbsoluteUri, entry.Guid));
    }
}
