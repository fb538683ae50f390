using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A loopback feed whose title, author and categories carry markup, some of it escaped twice, polled by the real
/// host: every feed and API answer publishes them as plain text, which no further decoding turns into a tag
/// (issue 14, items 9 and 10).
/// </summary>
public sealed class HostileTextTests(HostileTextTests.Host fixture) : IClassFixture<HostileTextTests.Host>
{
    /// <summary>One host for the class: its tests only read the one hostile item polled at the start.</summary>
    public sealed class Host : SharedHost
    {
        protected override async Task<HostedFeedHub> StartAsync()
        {
            var hub = await HostedFeedHub.StartAsync((dir, upstream) =>
            {
                upstream.Serve("feed.xml", $"""
                    <rss version="2.0"><channel><title>&amp;lt;img src=x onerror=alert(9)&amp;gt;Channel</title>
                    <item><guid>h1</guid><link>{upstream.Url("nopage")}</link>
                    <title>&amp;lt;img src=x onerror=alert(1)&amp;gt;&lt;script&gt;alert(2)&lt;/script&gt;Hostile</title>
                    <author>x@y.z (&lt;script&gt;alert(3)&lt;/script&gt;)</author>
                    <category>&lt;b onmouseover=alert(4)&gt;Tech&lt;/b&gt;</category>
                    <description>Words of the story.</description></item>
                    </channel></rss>
                    """, "application/rss+xml");
                return TestConfig.Write(dir, ("hostile", upstream.Url("feed.xml"), "01:00:00"));
            });
            await Eventually.TrueAsync(() => hub.Get<Core.Storage.ArticleStore>().Count() == 1);
            return hub;
        }
    }

    private HostedFeedHub Hub => fixture.Hub;

    [Fact]
    public async Task Rss_atom_and_json_feed_publish_the_title_and_author_as_plain_text()
    {
        XNamespace atom = "http://www.w3.org/2005/Atom", dc = "http://purl.org/dc/elements/1.1/";
        var rss = XDocument.Parse(await Hub.Http.GetStringAsync(Hub.Url("feeds/all.rss"))).Descendants("item").Single();
        var entry = XDocument.Parse(await Hub.Http.GetStringAsync(Hub.Url("feeds/all.atom"))).Descendants(atom + "entry").Single();
        var item = JsonDocument.Parse(await Hub.Http.GetStringAsync(Hub.Url("feeds/all.json"))).RootElement.GetProperty("items")[0];

        Assert.Equal("Hostile", rss.Element("title")!.Value);
        Assert.Equal("x@y.z", rss.Element(dc + "creator")!.Value);
        Assert.Equal("Hostile", entry.Element(atom + "title")!.Value);
        Assert.Equal("x@y.z", entry.Element(atom + "author")!.Element(atom + "name")!.Value);
        Assert.Equal("Hostile", item.GetProperty("title").GetString());
        Assert.Equal("x@y.z", item.GetProperty("authors")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_api_gives_plain_text_and_section_candidates_without_markup()
    {
        var list = JsonDocument.Parse(await Hub.Http.GetStringAsync(Hub.Url("api/articles"))).RootElement.GetProperty("items")[0];
        var article = JsonDocument.Parse(await Hub.Http.GetStringAsync(Hub.Url("api/articles/" + list.GetProperty("id").GetString()))).RootElement;

        Assert.Equal("Hostile", article.GetProperty("title").GetString());
        Assert.Equal("x@y.z", article.GetProperty("author").GetString());
        var candidates = article.GetProperty("section_candidates").EnumerateArray().Where(c => c.GetProperty("origin").GetString() == "feed");
        Assert.Equal(["Tech"], candidates.Select(c => c.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task No_answer_holds_a_tag_however_often_a_reader_decodes_it()
    {
        foreach (var path in new[] { "feeds/all.rss", "feeds/all.atom", "feeds/all.json", "api/articles", "api/sources" })
        {
            var text = await Hub.Http.GetStringAsync(Hub.Url(path));
            for (var level = 0; level < 4; level++, text = WebUtility.HtmlDecode(text))
                foreach (var hostile in new[] { "<img", "<script", "<b ", "onerror", "onmouseover" })
                    Assert.DoesNotContain(hostile, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
