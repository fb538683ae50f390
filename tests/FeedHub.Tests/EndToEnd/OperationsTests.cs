using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>What an operator deploys against: readiness, metrics, JSON logs and the container health command.</summary>
public sealed class OperationsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private LoopbackServer upstream = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "One", upstream.Url("missing"), "<p>Text of the only story here.</p>")), "application/rss+xml");
        config = TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:00:01"));
    }

    [Fact]
    public async Task Ready_and_metrics_report_what_the_pipeline_did()
    {
        await using var host = await RunningHost.StartAsync(config);
        await Eventually.TrueAsync(() => host.Get<Core.Storage.ArticleStore>().Count() == 1);
        var feed = await http.GetAsync(host.Url("feeds/world-defense.atom"));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, host.Url("feeds/world-defense.atom"));
        conditional.Headers.IfNoneMatch.Add(feed.Headers.ETag!);
        (await http.SendAsync(conditional)).Dispose();

        using var ready = await http.GetAsync(host.Url("readyz"));
        var metrics = await http.GetStringAsync(host.Url("metrics"));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadAsStringAsync()).Trim());
        Assert.Contains("feedhub_polls_total{result=\"ok\"}", metrics);
        Assert.Contains("feedhub_articles_stored_total", metrics);
        Assert.Contains("feedhub_poll_duration_seconds_bucket", metrics);
        Assert.Contains("feedhub_feed_requests_total{format=\"atom\",status=\"304\"}", metrics);
        Assert.Contains("feedhub_sources_in_backoff", metrics);
        // Each of FeedHub's measurements is exported once, under one name (issue 17 item 9: articles_stored came twice).
        var names = metrics.Split('\n').Where(l => l.StartsWith("# TYPE feedhub_", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Contains("feedhub_articles_stored_total", names);
        Assert.DoesNotContain(names, n => n.EndsWith("_total", StringComparison.Ordinal) && names.Contains(n[..^"_total".Length]));
    }

    [Fact]
    public async Task Health_command_asks_readyz_of_the_server_on_the_configured_address()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var overrides = new Dictionary<string, string?> { ["Http:Url"] = url };
        var (downCode, _, _) = await FeedHubProcess.RunAsync(["health", "--config", config], null, ("FeedHub__Http__Url", url));

        await using (await RunningHost.StartAsync(config, overrides))
        {
            var (upCode, stdout, _) = await FeedHubProcess.RunAsync(["health", "--config", config], null, ("FeedHub__Http__Url", url));
            Assert.Equal(0, upCode);
            Assert.Contains("200 ready", stdout);
        }
        Assert.Equal(1, downCode);
    }

    [Fact]
    public async Task Logs_can_be_one_json_object_per_line_with_stable_keys()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "feedhub.dll"), "serve", "--config", config }) start.ArgumentList.Add(arg);
        start.Environment["FeedHub__Logging__Console__FormatterName"] = "json";
        start.Environment["FeedHub__Logging__LogLevel__Default"] = "Information";
        start.Environment["FeedHub__Http__Url"] = $"http://127.0.0.1:{FreePort()}";
        using var process = Process.Start(start)!;
        try
        {
            JsonElement? polled = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (polled is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                using var entry = JsonDocument.Parse(line); // every line is one JSON object
                if (entry.RootElement.GetProperty("Category").GetString() == "FeedHub.Core.Processing.SourcePoller")
                    polled = entry.RootElement.Clone();
            }

            Assert.NotNull(polled);
            Assert.Equal("s1", polled.Value.GetProperty("State").GetProperty("SourceId").GetString());
            Assert.Equal("Information", polled.Value.GetProperty("LogLevel").GetString());
            Assert.Equal(upstream.Url("feed.xml").AbsoluteUri, polled.Value.GetProperty("State").GetProperty("Url").GetString());
            Assert.True(polled.Value.GetProperty("State").TryGetProperty("Elapsed", out _));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        await upstream.DisposeAsync();
        http.Dispose();
    }

    public void Dispose() => dir.Dispose();
}
