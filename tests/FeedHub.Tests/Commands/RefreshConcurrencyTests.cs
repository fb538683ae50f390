using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub refresh --all`, the built executable, polls as the scheduler does: several sources at once, politely (issue 18).</summary>
public sealed class RefreshConcurrencyTests : IAsyncLifetime, IDisposable
{
    private const int Hosts = 3;
    private const int SourcesPerHost = 3;

    private readonly TempDirectory dir = new();
    private readonly List<LoopbackServer> servers = [];
    private readonly int[] inFlightPerHost = new int[Hosts];
    private readonly int[] mostPerHost = new int[Hosts];
    private int inFlight;
    private int most;

    public async Task InitializeAsync()
    {
        for (var h = 0; h < Hosts; h++) servers.Add(await LoopbackServer.StartAsync());
    }

    [Fact]
    public async Task Refresh_all_polls_sources_of_several_hosts_at_once_and_at_most_two_per_host()
    {
        var sources = new List<(string, Uri, string)>();
        for (var h = 0; h < Hosts; h++)
            for (var i = 0; i < SourcesPerHost; i++)
            {
                var (server, host, path) = (servers[h], h, $"feed{i}.xml");
                server.Handle(path, async context =>
                {
                    Enter(host);
                    await Task.Delay(400); // a feed a round trip away, long enough for the polls to overlap if they can
                    Leave(host);
                    context.Response.ContentType = "application/rss+xml";
                    await context.Response.WriteAsync(Feeds.Rss());
                });
                sources.Add(($"h{h}s{i}", server.Url(path), "00:05:00"));
            }
        var config = TestConfig.Write(dir, [.. sources]);

        var (code, stdout, stderr) = await FeedHubProcess.RunAsync(["refresh", "--all", "--config", config]);

        Assert.True(code == 0, stderr);
        Assert.All(sources, s => Assert.Contains($"{s.Item1}: updated, 0 new articles", stdout));
        Assert.True(most >= 3, $"at most {most} feed requests at once: the sources were polled one after another");
        Assert.All(mostPerHost, n => Assert.InRange(n, 1, 2)); // Polling.MaxRequestsPerHost
    }

    private void Enter(int host)
    {
        lock (mostPerHost)
        {
            most = Math.Max(most, ++inFlight);
            mostPerHost[host] = Math.Max(mostPerHost[host], ++inFlightPerHost[host]);
        }
    }

    private void Leave(int host)
    {
        lock (mostPerHost)
        {
            inFlight--;
            inFlightPerHost[host]--;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers) await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
