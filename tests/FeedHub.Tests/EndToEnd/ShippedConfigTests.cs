using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Tests.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The real host on the shipped config/feedhub.json, on a port the OS picks (not 5080): the offline samples are
/// polled and extracted with no network allowance at all (issue 17 item 7), and a feed item that links to the
/// host's loopback is refused by the network guard (issue 14 item 5).
/// </summary>
public sealed class ShippedConfigTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();

    private Task<RunningHost> StartShippedAsync(string samplesPath) =>
        RunningHost.StartAsync(ConfigurationLoadTests.FindRepoFile("config/feedhub.json"), new Dictionary<string, string?>
        {
            ["Store:Path"] = dir.File("feedhub.db"),
            ["Http:Url"] = "http://127.0.0.1:0",
            ["Http:SamplesPath"] = samplesPath,
            ["Extraction:RulesPath"] = ConfigurationLoadTests.FindRepoFile("config/extraction-rules.json"),
        });

    private async Task<List<JsonElement>> ArticlesAsync(RunningHost host, string query = "") =>
        JsonDocument.Parse(await http.GetStringAsync(host.Url("api/articles?limit=100" + query))).RootElement
            .GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task The_offline_samples_are_extracted_on_any_port_with_no_network_allowed()
    {
        await using var host = await StartShippedAsync(ConfigurationLoadTests.FindRepoFile("config/samples"));
        Assert.Empty(host.Get<FeedHubConfiguration>().Network.AllowedNetworks);
        Assert.NotEqual(5080, host.BaseUrl.Port);

        // Four sample pages; the digest's two stories are the same pages, stored once.
        var articles = await Eventually.GetAsync(async () => await ArticlesAsync(host) is { Count: 4 } found ? found : null);

        Assert.All(articles, a => Assert.Equal("extracted", a.GetProperty("extraction_status").GetString()));
        Assert.All(articles, a => Assert.StartsWith("http://samples.feedhub.invalid/articles/", a.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task A_feed_item_linking_to_the_hosts_loopback_is_refused_by_the_network_guard()
    {
        await using var secret = await LoopbackServer.StartAsync();
        secret.Serve("secret", "<html><body><article>" + string.Concat(Enumerable.Repeat("<p>The operator's private page, never to be republished.</p>", 20)) + "</article></body></html>", "text/html");
        // A samples folder whose world-defense feed is hostile: its one item links to a page on this machine's loopback.
        Directory.CreateDirectory(dir.File("samples"));
        dir.Write("samples/world-defense.xml", Feeds.Rss(new Feeds.Item("evil-1", "Look here", secret.Url("secret"), "<p>The feed's own words.</p>")));
        await using var host = await StartShippedAsync(dir.File("samples"));

        var stored = await Eventually.GetAsync(async () => await ArticlesAsync(host, "&source=sample-world-defense") is { Count: > 0 } found ? found : null);

        var status = Assert.Single(stored).GetProperty("extraction_status").GetString();
        Assert.StartsWith("feed: page not fetched: 127.0.0.1 resolves to 127.0.0.1 (loopback)", status);
        Assert.Equal(0, secret.Hits("secret"));
        Assert.DoesNotContain("private page", await http.GetStringAsync(host.Url("feeds/world-defense.atom")));
    }

    public void Dispose()
    {
        http.Dispose();
        dir.Dispose();
    }
}
