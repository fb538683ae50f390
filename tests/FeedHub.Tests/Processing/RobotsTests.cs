using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FeedHub.Core.Configuration;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>Article pages fetched as the site's robots.txt allows, with its Crawl-delay (issue 18); feeds exempt.</summary>
public sealed class RobotsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly ConcurrentQueue<(string Path, DateTimeOffset At)> pageRequests = new();
    private readonly List<string?> fallbacks = [];
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private MeterListener listener = null!;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync();

    [Fact]
    public async Task A_disallowed_page_is_not_requested_and_keeps_the_feed_content_with_the_reason()
    {
        // Feeds are exempt: robots.txt disallows everything under /feeds/ too, and the feed is still polled.
        server.Serve("robots.txt", "User-agent: *\nDisallow: /private/\nDisallow: /feeds/\n\nUser-agent: OtherBot\nDisallow: /\n", "text/plain");
        ServePages("private/a.html", "news/b.html");
        var poller = Start(("s1", server.Url("feeds/main.xml"), "00:05:00"), Items("private/a.html", "news/b.html"));

        var outcome = await poller.PollAsync(Source("s1"), CancellationToken.None);
        await poller.PollAsync(Source("s1"), CancellationToken.None, force: true); // the robots.txt read before is used again

        Assert.Equal((PollStatus.Updated, 2), (outcome.Status, outcome.NewArticles));
        Assert.Equal(0, server.Hits("private/a.html"));
        Assert.Equal(1, server.Hits("news/b.html"));
        Assert.Equal(1, server.Hits("robots.txt"));
        var articles = services.GetRequiredService<ArticleStore>();
        var refused = articles.FindById(StableId.ForArticle("s1", "private/a.html"))!;
        Assert.Equal("feed: robots.txt disallows the page", refused.Extraction.ToString());
        Assert.Contains("A summary of", refused.ContentHtml); // the feed's own content
        Assert.Equal("extracted", articles.FindById(StableId.ForArticle("s1", "news/b.html"))!.Extraction.ToString());
        lock (fallbacks) Assert.Equal(["robots_txt"], fallbacks);
    }

    [Fact]
    public async Task Pages_of_a_site_with_a_crawl_delay_are_requested_no_closer_together_than_it()
    {
        server.Serve("robots.txt", "User-agent: FeedHub\nCrawl-delay: 1\n", "text/plain");
        string[] pages = ["a.html", "b.html", "c.html"];
        ServePages(pages);
        var poller = Start(("s1", server.Url("feed.xml"), "00:05:00"), Items(pages));

        var outcome = await poller.PollAsync(Source("s1"), CancellationToken.None);

        Assert.Equal(3, outcome.NewArticles);
        var times = pageRequests.Select(r => r.At).Order().ToList();
        Assert.Equal(3, times.Count);
        for (var i = 1; i < times.Count; i++)
            Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(990), $"requests {times[i] - times[i - 1]} apart");
    }

    [Fact]
    public async Task A_robots_txt_that_fails_with_5xx_refuses_every_page_and_a_missing_one_none()
    {
        server.Serve("robots.txt", new LoopbackServer.Response(503, "down", "text/plain"));
        ServePages("a.html");
        var poller = Start(("s1", server.Url("feed.xml"), "00:05:00"), Items("a.html"));
        await using var other = await LoopbackServer.StartAsync(); // no robots.txt at all: a 404
        other.Serve("b.html", Feeds.ArticlePage, "text/html");
        other.Serve("feed.xml", Feeds.Rss(new Feeds.Item("b.html", "Story b", other.Url("b.html"))), "application/rss+xml");

        await poller.PollAsync(Source("s1"), CancellationToken.None);
        await poller.PollAsync(Source("s1") with { Id = "s2", Url = other.Url("feed.xml") }, CancellationToken.None);

        Assert.Equal(0, server.Hits("a.html"));
        var articles = services.GetRequiredService<ArticleStore>();
        Assert.StartsWith($"feed: robots.txt of {server.BaseUrl.Authority} could not be fetched (HTTP 503",
            articles.FindById(StableId.ForArticle("s1", "a.html"))!.Extraction.ToString());
        Assert.Equal(1, other.Hits("b.html"));
        Assert.Equal("extracted", articles.FindById(StableId.ForArticle("s2", "b.html"))!.Extraction.ToString());
    }

    [Fact]
    public async Task With_RespectRobotsTxt_off_robots_txt_is_not_read()
    {
        server.Serve("robots.txt", "User-agent: *\nDisallow: /\n", "text/plain");
        ServePages("a.html");
        var poller = Start(("s1", server.Url("feed.xml"), "00:05:00"), Items("a.html"), respectRobots: false);

        await poller.PollAsync(Source("s1"), CancellationToken.None);

        Assert.Equal((0, 1), (server.Hits("robots.txt"), server.Hits("a.html")));
    }

    private FeedHubConfiguration configuration = null!;

    private Source Source(string id) => configuration.EnabledSources().Single(s => s.Id == id);

    private Feeds.Item[] Items(params string[] paths) => paths.Select(p => new Feeds.Item(p, "Story " + p, server.Url(p))).ToArray();

    private void ServePages(params string[] paths)
    {
        foreach (var path in paths)
            server.Handle(path, async context =>
            {
                pageRequests.Enqueue((path, DateTimeOffset.UtcNow));
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(Feeds.ArticlePage);
            });
    }

    private SourcePoller Start((string Id, Uri Url, string Interval) source, Feeds.Item[] items, bool respectRobots = true)
    {
        server.Serve(source.Url.AbsolutePath, Feeds.Rss(items), "application/rss+xml");
        var overrides = new Dictionary<string, string?> { ["Polling:RespectRobotsTxt"] = respectRobots ? "true" : "false" };
        configuration = FeedHubConfiguration.Load(TestConfig.Write(dir, source), overrides);
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
        var metrics = services.GetRequiredService<PipelineMetrics>();
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument == metrics.ExtractionFallbacks) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "reason") lock (fallbacks) fallbacks.Add(tag.Value as string);
        });
        listener.Start();
        return services.GetRequiredService<SourcePoller>();
    }

    public async Task DisposeAsync()
    {
        listener?.Dispose();
        if (services is not null) await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
