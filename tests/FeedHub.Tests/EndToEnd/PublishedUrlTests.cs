using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// Every absolute URL in a published feed comes from the configured public address: a Host or X-Forwarded-Host header
/// one client sends never reaches what the cache serves to the next (issue 14, item 3).
/// </summary>
public sealed class PublishedUrlTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task A_forged_Host_header_changes_no_published_link_for_anyone()
    {
        await using var hub = await StartAsync();
        foreach (var path in new[] { "feeds/world-defense.atom", "feeds/world-defense.rss", "feeds/world-defense.json", "feeds?section=world-defense&limit=2" })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, hub.Url(path));
            forged.Headers.Host = "evil.example";
            forged.Headers.Add("X-Forwarded-Host", "evil.example");
            forged.Headers.Add("X-Forwarded-Proto", "https");
            using var poisoned = await hub.Http.SendAsync(forged);
            var seenByAttacker = await poisoned.Content.ReadAsStringAsync();
            var seenByReader = await hub.Http.GetStringAsync(hub.Url(path));

            Assert.Equal(HttpStatusCode.OK, poisoned.StatusCode);
            Assert.DoesNotContain("evil.example", seenByAttacker);
            Assert.DoesNotContain("evil.example", seenByReader);
            Assert.Contains(hub.Host.BaseUrl.AbsoluteUri + "feeds", seenByReader);
        }
    }

    [Fact]
    public async Task The_public_address_names_every_link_of_a_feed()
    {
        await using var hub = await StartAsync(new Dictionary<string, string?> { ["Http:PublicUrl"] = "https://news.example.org/hub" });

        var atom = XDocument.Parse(await hub.Http.GetStringAsync(hub.Url("feeds?section=world-defense&limit=2")));
        var links = atom.Root!.Elements(Atom + "link").ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        var json = JsonDocument.Parse(await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.json"))).RootElement;

        Assert.Equal("https://news.example.org/hub/feeds?section=world-defense&limit=2", links["self"]);
        Assert.Equal("https://news.example.org/hub/", links["alternate"]);
        Assert.StartsWith("https://news.example.org/hub/feeds?section=world-defense&limit=2&before=", links["next"]);
        Assert.Equal("https://news.example.org/hub/feeds/world-defense.json", json.GetProperty("feed_url").GetString());
        Assert.Equal("https://news.example.org/hub/", json.GetProperty("home_page_url").GetString());
    }

    /// <summary>A host polling one feed of three stories, once they are published.</summary>
    private static async Task<HostedFeedHub> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var hub = await HostedFeedHub.StartAsync((dir, upstream) =>
        {
            upstream.Serve("feed.xml", Feeds.Rss(Enumerable.Range(1, 3).Select(i => new Feeds.Item(
                "g" + i, "Story " + i, upstream.Url("missing" + i), $"<p>Text of story {i}, long enough to read.</p>",
                new DateTimeOffset(2025, 1, i, 12, 0, 0, TimeSpan.Zero))).ToArray()), "application/rss+xml");
            return TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:00:01"));
        }, overrides: overrides);
        await Eventually.TrueAsync(() => hub.Http.GetStringAsync(hub.Url("feeds/world-defense.json")).Result.Contains("Story 3"));
        return hub;
    }
}
