using System.Collections.Concurrent;
using System.Diagnostics;
using FeedHub.Core.Configuration;
using FeedHub.Core.Publishing;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Publishing;

/// <summary>
/// WebSub pings on their own, against a hub on a loopback server: which topics, what a ping says, a hub that fails,
/// and changes announced by the feed cache pinged in the background without holding up the poll that announced them.
/// </summary>
public sealed class WebSubPublisherTests : IAsyncLifetime, IDisposable
{
    private const string Section = TestConfig.Section;

    private readonly TempDirectory dir = new();
    private readonly ConcurrentQueue<string> pings = new();
    private LoopbackServer hub = null!;

    public async Task InitializeAsync()
    {
        hub = await LoopbackServer.StartAsync();
        hub.Handle("hub", async context =>
        {
            var form = await context.Request.ReadFormAsync();
            pings.Enqueue($"{form["hub.mode"]} {form["hub.url"]}");
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
    }

    private ServiceProvider Services(string? hubUrl, string publicUrl = "https://feeds.example.org/news/") =>
        TestConfig.Services(FeedHubConfiguration.Load(TestConfig.Write(dir),
            new Dictionary<string, string?> { ["Http:WebSubHub"] = hubUrl, ["Http:PublicUrl"] = publicUrl }));

    [Fact]
    public void The_topics_are_the_sections_feeds_and_the_feeds_of_all_sections_in_every_format_at_the_public_address()
    {
        using var services = Services(hub.Url("hub").AbsoluteUri);
        var publisher = services.GetRequiredService<WebSubPublisher>();

        var topics = publisher.Topics([Section, Section]).Select(t => t.AbsoluteUri).Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "https://feeds.example.org/news/feeds/all.atom", "https://feeds.example.org/news/feeds/all.json", "https://feeds.example.org/news/feeds/all.rss",
            $"https://feeds.example.org/news/feeds/{Section}.atom", $"https://feeds.example.org/news/feeds/{Section}.json",
            $"https://feeds.example.org/news/feeds/{Section}.rss",
        ], topics);
    }

    [Fact]
    public async Task A_ping_tells_the_hub_each_topic_was_published()
    {
        using var services = Services(hub.Url("hub").AbsoluteUri);
        var publisher = services.GetRequiredService<WebSubPublisher>();

        await publisher.PingAsync([Section]);

        Assert.Equal(publisher.Topics([Section]).Select(t => "publish " + t.AbsoluteUri).Order(StringComparer.Ordinal),
            pings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_hub_that_answers_with_errors_still_hears_of_every_topic()
    {
        var tried = 0;
        hub.Handle("broken", context =>
        {
            Interlocked.Increment(ref tried);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        using var services = Services(hub.Url("broken").AbsoluteUri);

        await services.GetRequiredService<WebSubPublisher>().PingAsync([Section]);

        Assert.Equal(6, tried);
    }

    [Fact]
    public async Task A_hub_that_cannot_be_reached_fails_no_one()
    {
        var gone = await LoopbackServer.StartAsync();
        var address = gone.Url("hub").AbsoluteUri;
        await gone.DisposeAsync(); // nothing listens there any more
        using var services = Services(address);

        await services.GetRequiredService<WebSubPublisher>().PingAsync([Section]); // logged, not thrown
    }

    [Fact]
    public async Task Sections_the_cache_announces_are_pinged_in_the_background()
    {
        var slowHub = new TaskCompletionSource();
        hub.Handle("slow", async context =>
        {
            await slowHub.Task; // held until the announcement has returned
            var form = await context.Request.ReadFormAsync();
            pings.Enqueue($"{form["hub.mode"]} {form["hub.url"]}");
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        using var services = Services(hub.Url("slow").AbsoluteUri);
        var publisher = services.GetRequiredService<WebSubPublisher>();
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(500); // the service, started on a thread of its own, has subscribed to the cache
            var announcing = Stopwatch.StartNew();
            services.GetRequiredService<FeedCache>().Invalidate([Section]);
            announcing.Stop();
            slowHub.SetResult();

            Assert.True(announcing.Elapsed < TimeSpan.FromSeconds(1), $"the announcement waited {announcing.Elapsed} on the hub");
            await Eventually.TrueAsync(() => pings.Count == 6);
            Assert.Contains($"publish https://feeds.example.org/news/feeds/{Section}.atom", pings);
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }

    public Task DisposeAsync() => hub.DisposeAsync().AsTask();

    public void Dispose() => dir.Dispose();
}
