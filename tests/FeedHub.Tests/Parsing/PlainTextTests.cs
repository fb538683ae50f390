using System.Net;
using System.Text;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Tests.Parsing;

/// <summary>
/// Titles, people and categories are plain text after every level of decoding (issue 14, items 9 and 10): a reader
/// that shows an RSS title as HTML, or decodes it once more first, never meets a tag.
/// </summary>
public sealed class PlainTextTests
{
    private static readonly Uri FeedUrl = new("https://example.com/feed.xml");
    private readonly FeedParser parser = new();

    private ParsedFeed Parse(string document) =>
        Assert.IsType<ParseResult.Parsed>(parser.Parse(Encoding.UTF8.GetBytes(document), null, FeedUrl)).Feed;

    [Theory]
    [InlineData("&amp;lt;img src=x onerror=alert(1)&amp;gt;Caught", "Caught")] // escaped twice: a tag after the reader's decode
    [InlineData("&amp;amp;lt;img src=x onerror=alert(1)&amp;amp;gt;Caught", "Caught")] // three times
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;Hostile", "Hostile")] // the script's text goes with it
    [InlineData("&lt;style&gt;body{display:none}&lt;/style&gt;Styled", "Styled")]
    [InlineData("&amp;ltimg src=x onerror=alert(1)&amp;gt Bare", "Bare")] // &lt without its semicolon, as browsers read it
    [InlineData("Open &lt;img src=x onerror=alert(1)", "Open")] // a tag left open at the end
    [InlineData("AT&amp;amp;T &amp; friends", "AT&T & friends")] // double escaping is undone where it is harmless too
    [InlineData("x &lt; 5 and y &gt; 3", "x < 5 and y > 3")] // comparisons are no tags
    [InlineData("&lt;b&gt;Bold&lt;/b&gt; claim", "Bold claim")]
    public void An_rss_title_is_plain_text_at_every_level(string written, string expected)
    {
        var title = Parse($"<rss version=\"2.0\"><channel><title>{written}</title><item><guid>1</guid><title>{written}</title></item></channel></rss>")
            .Entries[0].Title;

        Assert.Equal(expected, title);
        AssertNoTagAtAnyLevel(title);
    }

    [Fact]
    public void Plain_text_titles_of_atom_and_json_feed_are_cleaned_too()
    {
        var atom = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="text">&lt;script&gt;alert(1)&lt;/script&gt;Feed</title>
            <entry><id>1</id><title type="text">&amp;lt;img src=x onerror=alert(1)&amp;gt;Entry</title></entry></feed>
            """);
        var json = Parse("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "<script>alert(1)</script>Feed",
             "items": [{"id": "1", "title": "&lt;img src=x onerror=alert(1)&gt;Entry", "tags": ["<b onmouseover=alert(1)>Tech</b>"],
                        "authors": [{"name": "<script>alert(2)</script>Ann"}]}]}
            """);

        Assert.Equal(("Feed", "Entry"), (atom.Title, atom.Entries[0].Title));
        Assert.Equal(("Feed", "Entry"), (json.Title, json.Entries[0].Title));
        Assert.Equal(["Tech"], json.Entries[0].Categories);
        Assert.Equal("Ann", json.Entries[0].Author);
    }

    [Theory]
    [InlineData("x@y.z (&lt;script&gt;alert(1)&lt;/script&gt;)", "x@y.z")]
    [InlineData("x@y.z (&lt;b&gt;Ann&lt;/b&gt; Lee)", "Ann Lee (x@y.z)")]
    [InlineData("Ann Lee &lt;ann@example.com&gt;", "Ann Lee (ann@example.com)")] // the address's brackets are no tag
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;Bob", "Bob")]
    public void An_author_is_cleaned_like_a_title(string written, string expected)
    {
        var entry = Parse($"<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><author>{written}</author></item></channel></rss>").Entries[0];

        Assert.Equal(expected, entry.Author);
    }

    [Fact]
    public void Categories_are_cleaned_like_titles_before_they_become_section_candidates()
    {
        var entry = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id><title>a</title>
            <category term="&lt;b onmouseover=alert(1)&gt;Tech&lt;/b&gt;"/>
            <category term="world" label="&amp;lt;i&amp;gt;World&amp;lt;/i&amp;gt;"/>
            <category term="&lt;script&gt;alert(1)&lt;/script&gt;"/>
            <author><name>&lt;script&gt;alert(1)&lt;/script&gt;Ann</name></author>
            </entry></feed>
            """).Entries[0];

        Assert.Equal(["Tech", "World"], entry.Categories); // one that was all script is no category
        Assert.Equal("Ann", entry.Author);
    }

    /// <summary>Decoding as many times as a reader might, the text never holds what an HTML parser takes for a tag.</summary>
    private static void AssertNoTagAtAnyLevel(string text)
    {
        for (var level = 0; level < 4; level++, text = WebUtility.HtmlDecode(text.Replace("&lt", "&lt;").Replace("&gt", "&gt;")))
            Assert.DoesNotMatch(@"<[A-Za-z/!?]", text);
    }
}
