using System.Net;
using System.Xml.Linq;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The real `serve` host (Kestrel, Quartz, the pipeline, SQLite) against a loopback server that
/// serves a feed and the seed page; the section feed is read over HTTP as a feed reader would.
/// </summary>
public sealed class ServeEndToEndTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private HostedFeedHub hub = null!;

    private const string SeedTitle = "North Korea Test-Fires New Missile as Russian Security Chief Visits Pyongyang";

    public async Task InitializeAsync()
    {
        hub = await HostedFeedHub.StartAsync((dir, upstream) =>
        {
            upstream.Serve("article.html", SeedArticle.Html, "text/html; charset=utf-8");
            upstream.Serve("feed.xml", Feeds.Rss(
                new Feeds.Item("gsm-4821", SeedTitle, upstream.Url("article.html")),
                new Feeds.Item("gsm-4822", "Second story", upstream.Url("second.html"), "<p>Only in the feed.</p>",
                    new DateTimeOffset(2025, 3, 20, 8, 0, 0, TimeSpan.Zero))), "application/rss+xml");
            // A one-second interval so that the test sees a second poll soon.
            return TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "00:00:01"));
        });
    }

    [Fact]
    public async Task The_seed_article_reaches_the_section_feed_and_a_second_poll_adds_no_duplicate()
    {
        var feed = await Eventually.GetAsync(async () =>
        {
            var document = await ReadFeedAsync();
            return document.Descendants(Atom + "entry").Count() == 2 ? document : null;
        });

        var entries = feed.Descendants(Atom + "entry").ToList();
        var seed = entries[0]; // newest first
        Assert.Equal(SeedTitle, seed.Element(Atom + "title")!.Value);
        Assert.StartsWith("urn:uuid:", seed.Element(Atom + "id")!.Value);
        Assert.Equal(hub.Upstream.Url("article.html").AbsoluteUri, seed.Element(Atom + "link")!.Attribute("href")!.Value);
        var content = seed.Element(Atom + "content")!;
        Assert.Equal("html", content.Attribute("type")!.Value);
        Assert.Contains("<h2>Rising Tensions on the Korean Peninsula</h2>", content.Value);
        Assert.DoesNotContain("Leave a Comment", content.Value);
        Assert.Equal(TestConfig.Section, seed.Element(Atom + "category")!.Attribute("term")!.Value);
        var ids = entries.Select(e => e.Element(Atom + "id")!.Value).ToList();

        // The feed is polled again (no ETag here, so it is parsed again): nothing new may appear.
        await Eventually.TrueAsync(() => hub.Upstream.Hits("feed.xml") >= 3);
        var again = await ReadFeedAsync();
        Assert.Equal(ids, again.Descendants(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
        Assert.Equal(2, hub.Get<ArticleStore>().Count());
        Assert.Equal(1, hub.Upstream.Hits("article.html"));
    }

    [Fact]
    public async Task Health_answers_and_an_unknown_section_is_a_404_problem()
    {
        var health = await hub.Http.GetAsync(hub.Url("healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var missing = await hub.Http.GetAsync(hub.Url("feeds/sport.atom"));
        await Problems.AssertAsync(missing, 404, "'sport' is not a configured section");
    }

    [Fact]
    public async Task The_index_page_links_each_section_feed_for_autodiscovery()
    {
        var html = await hub.Http.GetStringAsync(hub.Host.BaseUrl);

        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"World Defense\" href=\"/feeds/world-defense.atom\">", html);
    }

    private async Task<XDocument> ReadFeedAsync()
    {
        using var response = await hub.Http.GetAsync(hub.Url($"feeds/{TestConfig.Section}.atom"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
