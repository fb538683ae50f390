using System.Diagnostics.Metrics;
using FeedHub.Core.Configuration;
using FeedHub.Core.Metrics;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>Two sources on one origin (one loopback server), polled through the app's own wiring (issue 17 item 14).</summary>
public sealed class SharedOriginTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly List<string?> results = [];
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private SourcePoller poller = null!;
    private FeedHubConfiguration configuration = null!;
    private MeterListener listener = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        configuration = FeedHubConfiguration.Load(TestConfig.Write(dir,
            ("busy", server.Url("busy.xml"), "00:00:01"), ("quiet", server.Url("quiet.xml"), "00:00:01")));
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
        poller = services.GetRequiredService<SourcePoller>();
        listener = ListenToPollResults(services.GetRequiredService<PipelineMetrics>(), results);
    }

    private Task<PollOutcome> PollAsync(string id) =>
        poller.PollAsync(configuration.EnabledSources().Single(s => s.Id == id), CancellationToken.None);

    [Fact]
    public async Task A_source_whose_origin_asked_another_to_wait_is_deferred_with_its_state_intact_and_polled_after()
    {
        server.Serve("quiet.xml", new LoopbackServer.Response(500, "oops", "text/plain"));
        var failed = await PollAsync("quiet");
        server.Serve("quiet.xml", Feeds.Rss(new Feeds.Item("g1", "One", server.Url("missing.html"), "<p>Text.</p>")), "application/rss+xml");
        server.RetryAfter("busy.xml", 429, "3"); // longer than quiet's backoff of about a second: quiet is due before the origin is
        var before = DateTimeOffset.UtcNow;
        var limited = await PollAsync("busy");
        var after = DateTimeOffset.UtcNow;

        var deferred = await PollAsync("quiet");

        Assert.Equal(PollStatus.Failed, limited.Status); // the source that got the 429 failed, and waits at least as long
        Assert.True(limited.NextCheckAt >= before.AddSeconds(3), $"next check {limited.NextCheckAt}");
        Assert.Equal(PollStatus.Deferred, deferred.Status);
        Assert.InRange(deferred.NextCheckAt!.Value, before.AddSeconds(3), after.AddSeconds(3)); // when the origin may be asked
        Assert.Equal(1, server.Hits("quiet.xml")); // not asked
        var state = services.GetRequiredService<SourceStore>().FindState("quiet")!;
        Assert.Equal((1, failed.Error), (state.ConsecutiveFailures, state.LastError)); // its own last error, not "asked to be left alone"
        Assert.Equal(1, services.GetRequiredService<SourceStore>().FindState("busy")!.ConsecutiveFailures);

        await Task.Delay(deferred.NextCheckAt.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        var later = await PollAsync("quiet");

        Assert.Equal((PollStatus.Updated, 1), (later.Status, later.NewArticles));
        Assert.Equal(2, server.Hits("quiet.xml"));
        Assert.Equal(0, services.GetRequiredService<SourceStore>().FindState("quiet")!.ConsecutiveFailures);
        lock (results) Assert.Equal(["http_status", "rate_limited", "deferred", "ok"], results); // a deferral is no failed poll
    }

    /// <summary>The result labels of this pipeline's poll counter, as /metrics would show them.</summary>
    private static MeterListener ListenToPollResults(PipelineMetrics metrics, List<string?> results)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument == metrics.Polls) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "result") lock (results) results.Add(tag.Value as string);
        });
        listener.Start();
        return listener;
    }

    public async Task DisposeAsync()
    {
        listener.Dispose();
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
