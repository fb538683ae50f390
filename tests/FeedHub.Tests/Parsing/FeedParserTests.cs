using System.Diagnostics;
using System.Globalization;
using System.Text;
using FeedHub.Core.Parsing;

namespace FeedHub.Tests.Parsing;

public sealed class FeedParserTests
{
    private static readonly Uri FeedUrl = new("https://example.com/feed.xml");
    private readonly FeedParser parser = new();

    static FeedParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Rss(string title, string declaration = "<?xml version=\"1.0\"?>") =>
        $"{declaration}<rss version=\"2.0\"><channel><title>t</title><ttl>90</ttl><item><guid>1</guid><title>{title}</title></item></channel></rss>";

    private string ParseTitle(byte[] bytes, string? contentType)
    {
        var parsed = Assert.IsType<ParseResult.Parsed>(parser.Parse(bytes, contentType, FeedUrl));
        return Assert.Single(parsed.Feed.Entries).Title;
    }

    [Fact]
    public void Windows_1251_declared_in_the_xml_declaration_is_decoded()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes(Rss("Новости дня", "<?xml version=\"1.0\" encoding=\"windows-1251\"?>"));

        Assert.Equal("Новости дня", ParseTitle(bytes, "application/rss+xml"));
    }

    [Fact]
    public void The_http_charset_wins_over_the_xml_declaration()
    {
        var bytes = Encoding.GetEncoding("iso-8859-5").GetBytes(Rss("Привет", "<?xml version=\"1.0\" encoding=\"utf-8\"?>"));

        Assert.Equal("Привет", ParseTitle(bytes, "text/xml; charset=ISO-8859-5"));
    }

    [Fact]
    public void A_byte_order_mark_wins_over_everything()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Rss("Café — naïve", "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>"))).ToArray();

        Assert.Equal("Café — naïve", ParseTitle(bytes, "text/xml; charset=iso-8859-1"));
    }

    [Fact]
    public void Shift_jis_is_decoded()
    {
        var bytes = Encoding.GetEncoding("shift_jis").GetBytes(Rss("日本語のニュース", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>"));

        Assert.Equal("日本語のニュース", ParseTitle(bytes, null));
    }

    [Fact]
    public void The_rss_ttl_is_read_as_a_hint()
    {
        var parsed = Assert.IsType<ParseResult.Parsed>(parser.Parse(Encoding.UTF8.GetBytes(Rss("x")), null, FeedUrl));

        Assert.Equal(TimeSpan.FromMinutes(90), parsed.Feed.Ttl);
    }

    [Fact]
    public void Billion_laughs_does_not_expand()
    {
        var entities = new StringBuilder("<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
            entities.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">");
        var document = $"<?xml version=\"1.0\"?><!DOCTYPE rss [{entities}]>" +
                       "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>&lol9;</title></item></channel></rss>";
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        var result = parser.Parse(Encoding.UTF8.GetBytes(document), null, FeedUrl);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000, "the entities were expanded");
        if (result is ParseResult.Parsed parsed)
            Assert.DoesNotContain("lollol", parsed.Feed.Entries.SingleOrDefault()?.Title ?? "");
    }

    [Fact]
    public void An_external_entity_cannot_read_a_local_file()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var document = $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://{secret}\">]>" +
                           "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>a &xxe; b</title>" +
                           "<description>&xxe;</description></item></channel></rss>";

            var result = parser.Parse(Encoding.UTF8.GetBytes(document), null, FeedUrl);

            var text = result switch
            {
                ParseResult.Parsed p => string.Join(" ", p.Feed.Entries.Select(e => e.Title + e.Summary)),
                ParseResult.NotAFeed n => n.Reason,
                _ => "",
            };
            Assert.DoesNotContain("TOP-SECRET-CONTENT", text);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData("", "not a feed: the document is empty")]
    [InlineData("<!DOCTYPE html><html><head><title>x</title></head><body></body></html>", "not a feed: the document is an HTML page")]
    [InlineData("{\"hello\": 1}", "not a feed: the document is JSON")]
    [InlineData("\u0001\u0002\u0003\u0004binary", "not a feed: the document is neither XML nor JSON (it looks like binary data)")]
    public void Something_else_is_named_for_what_it_looks_like(string document, string reason)
    {
        var result = Assert.IsType<ParseResult.NotAFeed>(parser.Parse(Encoding.UTF8.GetBytes(document), null, FeedUrl));

        Assert.StartsWith(reason, result.Reason);
    }
    /// <summary>
    /// 100,000 nested elements (about 300 KB, well under the body cap) cost minutes of CPU before the depth limit: LINQ to
    /// XML walks to the root for every node it adds. Closed or not, the items before them are still read, and the
    /// warning says why the document was read leniently. The bound only ends a test that would otherwise hang.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deeply_nested_elements_are_read_leniently_without_a_hang(bool closed)
    {
        const int depth = 100_000;
        var document = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
            + "<item><guid>1</guid><title>Before the junk</title><link>https://example.com/a</link></item>"
            + string.Concat(Enumerable.Repeat("<x>", depth)) + (closed ? string.Concat(Enumerable.Repeat("</x>", depth)) : "")
            + "</channel></rss>";

        var result = await Task.Run(() => parser.Parse(Encoding.UTF8.GetBytes(document), null, FeedUrl)).WaitAsync(TimeSpan.FromSeconds(60));

        var feed = Assert.IsType<ParseResult.Parsed>(result).Feed;
        Assert.Equal("Before the junk", Assert.Single(feed.Entries).Title);
        Assert.Contains("elements nest deeper than 256 levels", feed.IllFormed);
    }

    [Fact]
    public void Tag_soup_past_the_depth_limit_still_closes_its_item()
    {
        var junk = string.Concat(Enumerable.Repeat("<br>", 1_000));
        var document = "<rss version=\"2.0\"><channel><title>t</title>"
            + $"<item><guid>1</guid><title>One</title><description>{junk}</description></item>"
            + "<item><guid>2</guid><title>Two</title></item></channel></rss>";

        var feed = Assert.IsType<ParseResult.Parsed>(parser.Parse(Encoding.UTF8.GetBytes(document), null, FeedUrl)).Feed;

        Assert.Equal(["One", "Two"], feed.Entries.Select(e => e.Title));
    }
}
