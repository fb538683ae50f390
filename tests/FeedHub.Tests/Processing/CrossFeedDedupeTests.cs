using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>
/// The same story arriving by two feeds: stored once, belonging to both sources and to the sections each gives it,
/// through the real poller, a loopback server and a SQLite file.
/// </summary>
public sealed class CrossFeedDedupeTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private FeedHubConfiguration configuration = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        var document = new
        {
            Store = new { Path = dir.File("feedhub.db") },
            Network = new { AllowedNetworks = new[] { "127.0.0.0/8" } },
            // The pages below are one text under several addresses: these tests are about canonical URLs, so the text
            // match that would rightly join "other" to "story" as a syndicated copy is off (see SyndicationTests).
            Syndication = new { Enabled = false },
            Sections = new[] { new { Slug = "world", Name = "World" }, new { Slug = "tech", Name = "Tech" } },
            Sources = new[]
            {
                new { Id = "wire", Url = server.Url("wire.xml").AbsoluteUri, Sections = new[] { "world" }, Interval = "00:05:00" },
                new { Id = "blog", Url = server.Url("blog.xml").AbsoluteUri, Sections = new[] { "tech" }, Interval = "00:05:00" },
            },
        };
        configuration = FeedHubConfiguration.Load(dir.Write("feedhub.json", JsonSerializer.Serialize(document)));
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
        // Two story pages, each naming its own clean address as canonical; "mirror" is a second address of the first story.
        var page = SeedArticle.Html;
        const string seedCanonical = "https://news.example.com/world-defense/north-korea-test-fires-new-missile/";
        server.Serve("story.html", page.Replace(seedCanonical, server.Url("story.html").AbsoluteUri), "text/html; charset=utf-8");
        server.Serve("mirror.html", page.Replace(seedCanonical, server.Url("story.html").AbsoluteUri), "text/html; charset=utf-8");
        server.Serve("other.html", page.Replace(seedCanonical, server.Url("other.html").AbsoluteUri), "text/html; charset=utf-8");
    }

    private ArticleStore Articles => services.GetRequiredService<ArticleStore>();

    private Task<PollOutcome> PollAsync(string id) =>
        services.GetRequiredService<SourcePoller>().PollAsync(configuration.EnabledSources().Single(s => s.Id == id), CancellationToken.None);

    [Fact]
    public async Task A_story_from_two_feeds_is_stored_once_and_belongs_to_both()
    {
        server.Serve("wire.xml", Feeds.Rss(new Feeds.Item("w1", "Missile test", server.Url("story.html?utm_source=rss&utm_medium=feed"))), "application/rss+xml");
        // The blog links the same page with other tracking parameters, and a page of its own.
        server.Serve("blog.xml", Feeds.Rss(
            new Feeds.Item("b1", "Missile test (via the wire)", server.Url("story.html?fbclid=abc#top")),
            new Feeds.Item("b2", "Another story", server.Url("other.html"))), "application/rss+xml");

        var wire = await PollAsync("wire");
        var blog = await PollAsync("blog");

        Assert.Equal((1, 2), (wire.NewArticles, blog.NewArticles));
        Assert.Equal(2, Articles.Count());
        Assert.Equal(1, server.Hits("story.html")); // the blog's copy was not fetched again
        var shared = Assert.Single(Articles.Find(new ArticleQuery { SourceId = "wire" }));
        Assert.Equal(["wire", "blog"], shared.SourceIds);
        Assert.Equal(["tech", "world"], shared.Sections.Select(s => s.Slug).Order());
        Assert.Equal(2, Articles.Find(new ArticleQuery { SourceId = "blog" }).Count);
        Assert.Equal(new Dictionary<string, long> { ["wire"] = 1, ["blog"] = 2 }, Articles.CountBySource());

        // Re-polls bring nothing new, and the section rules applied again keep both sources' sections.
        Assert.Equal((0, 0), ((await PollAsync("wire")).NewArticles, (await PollAsync("blog")).NewArticles));
        await services.GetRequiredService<Resectioner>().ApplyAsync(configuration);
        Assert.Equal(["tech", "world"], Articles.FindById(shared.Id)!.Sections.Select(s => s.Slug).Order());
    }

    [Fact]
    public async Task Pages_that_name_the_same_canonical_url_are_one_story()
    {
        server.Serve("wire.xml", Feeds.Rss(new Feeds.Item("w1", "Missile test", server.Url("story.html"))), "application/rss+xml");
        server.Serve("blog.xml", Feeds.Rss(new Feeds.Item("b1", "Mirrored", server.Url("mirror.html"))), "application/rss+xml");

        await PollAsync("wire");
        var blog = await PollAsync("blog");

        Assert.Equal(1, blog.NewArticles);
        var story = Assert.Single(Articles.Find(new ArticleQuery()));
        Assert.Equal(["wire", "blog"], story.SourceIds);
        Assert.Equal(server.Url("story.html"), story.CanonicalUrl);
        Assert.Equal(1, server.Hits("mirror.html")); // its link told nothing: the page was fetched, and its rel=canonical matched
    }

    [Fact]
    public async Task Two_items_of_one_feed_stay_two_even_with_one_link()
    {
        server.Serve("wire.xml", Feeds.Rss(
            new Feeds.Item("w1", "Live: day one", server.Url("story.html")),
            new Feeds.Item("w2", "Live: day two", server.Url("story.html"))), "application/rss+xml");

        var wire = await PollAsync("wire");

        Assert.Equal(2, wire.NewArticles);
        Assert.Equal(2, Articles.Count());
    }

    [Fact]
    public async Task A_purged_shared_story_does_not_come_back_through_either_feed()
    {
        server.Serve("wire.xml", Feeds.Rss(new Feeds.Item("w1", "Missile test", server.Url("story.html"))), "application/rss+xml");
        server.Serve("blog.xml", Feeds.Rss(new Feeds.Item("b1", "Missile test", server.Url("story.html?utm_campaign=x"))), "application/rss+xml");
        await PollAsync("wire");
        await PollAsync("blog");

        Assert.Equal(1, Articles.Purge(olderThan: null, maxPerSource: 0, DateTimeOffset.UtcNow));

        Assert.Equal((0, 0), ((await PollAsync("wire")).NewArticles, (await PollAsync("blog")).NewArticles));
        Assert.Equal(0, Articles.Count());
    }

    [Theory]
    [InlineData("https://Example.com:443/a/b?utm_source=x&id=7&fbclid=y&gclid=z#frag", "https://example.com/a/b?id=7")]
    [InlineData("http://example.com/story?UTM_Medium=rss", "http://example.com/story")]
    [InlineData("https://example.com/story?page=2&ref_src=twsrc", "https://example.com/story?page=2")]
    public void Canonical_urls_lose_tracking_parameters_and_fragments(string url, string canonical) =>
        Assert.Equal(canonical, CanonicalUrl.Of(new Uri(url))!.AbsoluteUri);

    [Theory]
    [InlineData("https://example.com/", "https://example.com/story/1", "https://example.com/story/1")]
    [InlineData("https://example.com/canonical/1", "https://example.com/story/1?utm_source=x", "https://example.com/canonical/1")]
    [InlineData(null, "https://example.com/", null)]
    public void A_front_page_identifies_no_story(string? pageCanonical, string entryLink, string? expected) =>
        Assert.Equal(expected, CanonicalUrl.ForStory(pageCanonical is null ? null : new Uri(pageCanonical), new Uri(entryLink))?.AbsoluteUri);

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
