using System.Collections.Concurrent;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace FeedHub.Tests.EndToEnd;

/// <summary>WebSub: feeds name the hub and the hub hears of new articles. Browsers: XML feeds point at a stylesheet.</summary>
public sealed class WebSubAndBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private readonly ConcurrentQueue<string> pings = new();
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "One", upstream.Url("missing"), "<p>Some text of the story.</p>")), "application/rss+xml");
        upstream.Handle("hub", async context =>
        {
            var form = await context.Request.ReadFormAsync();
            pings.Enqueue($"{form["hub.mode"]} {form["hub.url"]}");
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        host = await RunningHost.StartAsync(TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:00:20")), // short, so the first poll comes soon
            new Dictionary<string, string?> { ["Http:WebSubHub"] = upstream.Url("hub").AbsoluteUri, ["Http:PublicUrl"] = "https://feeds.example.org" });
    }

    [Fact]
    public async Task The_hub_is_pinged_for_every_feed_of_a_section_with_new_articles()
    {
        await Eventually.TrueAsync(() => pings.Count >= 6);

        Assert.Contains("publish https://feeds.example.org/feeds/world-defense.atom", pings);
        Assert.Contains("publish https://feeds.example.org/feeds/world-defense.rss", pings);
        Assert.Contains("publish https://feeds.example.org/feeds/world-defense.json", pings);
        Assert.Contains("publish https://feeds.example.org/feeds/all.atom", pings);
    }

    [Fact]
    public async Task Feeds_advertise_the_hub()
    {
        var atom = await http.GetStringAsync(host.Url("feeds/world-defense.atom"));
        var rss = await http.GetStringAsync(host.Url("feeds/world-defense.rss"));
        var json = await http.GetStringAsync(host.Url("feeds/world-defense.json"));

        var hub = upstream.Url("hub").AbsoluteUri;
        Assert.Contains($"<link rel=\"hub\" href=\"{hub}\" />", atom);
        Assert.Contains($"<atom:link rel=\"hub\" href=\"{hub}\" />", rss);
        Assert.Contains($"\"url\": \"{hub}\"", json);
    }

    [Fact]
    public async Task A_browser_gets_a_stylesheet_for_the_xml_feeds()
    {
        var rss = await http.GetStringAsync(host.Url("feeds/world-defense.rss"));
        using var stylesheet = await http.GetAsync(host.Url("feed.xsl"));

        Assert.Contains("<?xml-stylesheet type=\"text/xsl\" href=\"/feed.xsl\"?>", rss);
        Assert.Equal("text/xsl", stylesheet.Content.Headers.ContentType?.MediaType);
        Assert.Contains("xsl:stylesheet", await stylesheet.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await upstream.DisposeAsync();
        http.Dispose();
    }

    public void Dispose() => dir.Dispose();
}
