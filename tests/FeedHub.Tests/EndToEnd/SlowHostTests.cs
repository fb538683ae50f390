using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// Issue 18: a poll waiting on the network must not keep other sources from being polled. The real host (Quartz, the
/// pipeline, SQLite) polls sources whose article pages hang, each on a loopback server of its own (so the per-host limit
/// does not hold them back), and sources on another server that answers at once.
/// </summary>
public sealed class SlowHostTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<LoopbackServer> slow = [];
    private LoopbackServer fast = null!;
    private RunningHost? host;

    public async Task InitializeAsync()
    {
        fast = await LoopbackServer.StartAsync();
    }

    [Fact]
    public async Task Sources_whose_pages_hang_leave_the_other_sources_polled_and_stored_meanwhile()
    {
        // More sources with hanging pages than the scheduler had slots before (a poll per core, at least 2, plus the purge's).
        var slowCount = Math.Min(Math.Max(2, Environment.ProcessorCount) + 1, 8);
        for (var i = 0; i < slowCount; i++) slow.Add(await LoopbackServer.StartAsync());
        var slowSources = Enumerable.Range(0, slowCount).Select(i => Source(slow[i], $"slow{i}")).ToArray();
        var fastSources = Enumerable.Range(0, 3).Select(i => Source(fast, $"fast{i}")).ToArray();
        for (var i = 0; i < slowCount; i++)
            for (var j = 0; j < 2; j++)
                slow[i].Handle($"slow{i}-{j}.html", async context =>
                {
                    await release.Task; // no answer, not even headers, until the test ends
                    await context.Response.WriteAsync(Feeds.ArticlePage);
                });
        host = await RunningHost.StartAsync(WriteConfig(slowSources));
        // Every slow poll is under way, waiting on its pages.
        await Eventually.TrueAsync(() => Enumerable.Range(0, slowCount).All(i => slow[i].Hits($"slow{i}-0.html") + slow[i].Hits($"slow{i}-1.html") >= 1));

        WriteConfig([.. slowSources, .. fastSources]); // picked up without a restart

        var articles = host.Get<ArticleStore>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // the hanging pages time out only after 60 s
        while (fastSources.Any(s => articles.Count(s.Id) < 2))
            await Task.Delay(50, deadline.Token);
        Assert.All(fastSources, s => Assert.Equal(2, articles.Count(s.Id)));
        Assert.All(slowSources, s => Assert.Equal(0, articles.Count(s.Id))); // still waiting on their pages
        Assert.False(release.Task.IsCompleted);
    }

    private (string Id, Uri Url, string Interval) Source(LoopbackServer server, string id)
    {
        var items = Enumerable.Range(0, 2).Select(j => new Feeds.Item($"{id}-{j}", $"Story {id} {j}", server.Url($"{id}-{j}.html"))).ToArray();
        server.Serve(id + ".xml", Feeds.Rss(items), "application/rss+xml");
        if (server == fast) foreach (var item in items) fast.Serve(item.Link.AbsolutePath, Feeds.ArticlePage, "text/html");
        return (id, server.Url(id + ".xml"), "00:00:01");
    }

    /// <summary>The test config, with a request timeout longer than the test, so that a hanging page stays hanging.</summary>
    private string WriteConfig(params (string Id, Uri Url, string Interval)[] sources)
    {
        var path = TestConfig.Write(dir, sources);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"RequestTimeout\": \"00:00:10\"", "\"RequestTimeout\": \"00:01:00\""));
        Assert.Contains("00:01:00", File.ReadAllText(path));
        return path;
    }

    public async Task DisposeAsync()
    {
        release.TrySetResult();
        if (host is not null) await host.DisposeAsync();
        foreach (var server in slow) await server.DisposeAsync();
        await fast.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
