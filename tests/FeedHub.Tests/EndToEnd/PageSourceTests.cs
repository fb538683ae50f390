using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>A page source on the real host: a loopback site's section page followed like a feed (issue 21).</summary>
public sealed class PageSourceTests : IAsyncLifetime
{
    private const string Key = "page-source-api-key-0123456789";
    private HostedFeedHub hub = null!;

    public async Task InitializeAsync() => hub = await HostedFeedHub.StartAsync(apiKey: Key);

    private Task<HttpResponseMessage> PostAsync(string path, object? body = null) => hub.SendAsync(HttpMethod.Post, path, body, Key);

    [Fact]
    public async Task A_section_page_is_followed_its_new_articles_published_and_no_article_page_fetched_twice()
    {
        var defense = new ListingSite(hub.Upstream, "world-defense/");
        defense.Publish("world-defense/2025/03/10/radar-upgrade-for-the-coast", "Radar upgrade approved for the northern coast", new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
        defense.Publish("world-defense/2025/03/11/frigate-trials-delayed", "Frigate trials delayed by a gearbox fault", new DateTimeOffset(2025, 3, 11, 8, 0, 0, TimeSpan.Zero));
        defense.Publish("world-defense/2025/03/12/reserve-training-overhauled", "Reserve training overhauled for next year", new DateTimeOffset(2025, 3, 12, 8, 0, 0, TimeSpan.Zero));

        using var added = await PostAsync("api/sources", new
        {
            id = "loopback-defense", url = defense.SectionUrl.AbsoluteUri, kind = "page",
            sections = new[] { TestConfig.Section }, interval = "01:00:00"
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var store = hub.Get<ArticleStore>();
        await Eventually.TrueAsync(() => store.Count("loopback-defense") == 3);

        defense.Publish("world-defense/2025/03/13/new-drone-unit-formed", "A new drone unit is formed in the east", new DateTimeOffset(2025, 3, 13, 8, 0, 0, TimeSpan.Zero));
        using var refreshed = await PostAsync("api/sources/loopback-defense/refresh");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        Assert.Equal(4, store.Count("loopback-defense"));
        string[] articles = ["world-defense/2025/03/10/radar-upgrade-for-the-coast", "world-defense/2025/03/11/frigate-trials-delayed",
            "world-defense/2025/03/12/reserve-training-overhauled", "world-defense/2025/03/13/new-drone-unit-formed"];
        Assert.All(articles, path => Assert.Equal(1, hub.Upstream.Hits(path))); // each article page once, the old ones not again
        Assert.Equal(2, hub.Upstream.Hits("world-defense/"));

        using var feed = JsonDocument.Parse(await hub.Http.GetStringAsync(hub.Url($"feeds/{TestConfig.Section}.json")));
        var items = feed.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            ["A new drone unit is formed in the east", "Reserve training overhauled for next year", "Frigate trials delayed by a gearbox fault", "Radar upgrade approved for the northern coast"],
            items.Select(i => i.GetProperty("title").GetString()));
        // The article's own address, without the section page's tracking parameters; its date from the article page.
        Assert.Equal(hub.Upstream.Url("world-defense/2025/03/13/new-drone-unit-formed").AbsoluteUri, items[0].GetProperty("url").GetString());
        Assert.Equal("2025-03-13T08:00:00Z", items[0].GetProperty("date_published").GetString());
        Assert.Contains("the correspondents of Loopback News report", items[0].GetProperty("content_html").GetString());
    }

    [Fact]
    public async Task The_api_previews_what_a_page_source_would_take_and_why_it_leaves_links_out()
    {
        var defense = new ListingSite(hub.Upstream, "world-defense/");
        defense.Publish("world-defense/2025/03/10/radar-upgrade-for-the-coast", "Radar upgrade approved for the northern coast", DateTimeOffset.UnixEpoch);
        defense.Publish("world-defense/2025/03/11/frigate-trials-delayed", "Frigate trials delayed by a gearbox fault", DateTimeOffset.UnixEpoch);

        using var fetched = await PostAsync("api/listing", new { url = defense.SectionUrl.AbsoluteUri });
        using var badSelector = await PostAsync("api/listing", new { url = defense.SectionUrl.AbsoluteUri, items = "div[" });
        using var preview = JsonDocument.Parse(await fetched.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("a listing of 2 article links", preview.RootElement.GetProperty("status").GetString());
        Assert.Equal([hub.Upstream.Url("world-defense/2025/03/11/frigate-trials-delayed").AbsoluteUri, hub.Upstream.Url("world-defense/2025/03/10/radar-upgrade-for-the-coast").AbsoluteUri],
            preview.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("url").GetString()));
        Assert.Contains(preview.RootElement.GetProperty("left_out").EnumerateArray(),
            l => l.GetProperty("href").GetString() == hub.Upstream.Url("about/").AbsoluteUri && l.GetProperty("reason").GetString() == "in the page footer");
        Assert.Equal(HttpStatusCode.BadRequest, badSelector.StatusCode);
        Assert.Contains("items 'div[' is not a valid CSS selector", await badSelector.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Discover_answers_a_section_page_without_a_feed_with_its_listing_as_a_page_source()
    {
        var defense = new ListingSite(hub.Upstream, "world-defense/");
        defense.Publish("world-defense/2025/03/10/radar-upgrade-for-the-coast", "Radar upgrade approved for the northern coast", DateTimeOffset.UnixEpoch);
        defense.Publish("world-defense/2025/03/11/frigate-trials-delayed", "Frigate trials delayed by a gearbox fault", DateTimeOffset.UnixEpoch);
        hub.Upstream.Serve("about/", "<!DOCTYPE html><html><head><title>About</title></head><body><p>Loopback News is a test hub.Upstream.</p></body></html>", "text/html");

        using var listed = await PostAsync("api/discover", new { url = defense.SectionUrl.AbsoluteUri });
        using var neither = await PostAsync("api/discover", new { url = hub.Upstream.Url("about/").AbsoluteUri });
        var body = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement;
        var none = JsonDocument.Parse(await neither.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.False(body.TryGetProperty("feed_url", out _)); // no feed: its fields stay null, as before
        Assert.Equal(6, body.GetProperty("tried").GetArrayLength()); // the page, then the five common paths
        Assert.Equal("page", body.GetProperty("kind").GetString());
        var listing = body.GetProperty("listing");
        Assert.Equal(defense.SectionUrl.AbsoluteUri, listing.GetProperty("page_url").GetString());
        Assert.True(listing.GetProperty("is_listing").GetBoolean());
        Assert.Equal("a listing of 2 article links", listing.GetProperty("status").GetString());
        Assert.Equal(["Frigate trials delayed by a gearbox fault", "Radar upgrade approved for the northern coast"],
            listing.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
        Assert.Equal(hub.Upstream.Url("world-defense/2025/03/11/frigate-trials-delayed").AbsoluteUri,
            listing.GetProperty("entries")[0].GetProperty("url").GetString());

        Assert.False(none.TryGetProperty("kind", out _)); // nothing to follow
        Assert.False(none.GetProperty("listing").GetProperty("is_listing").GetBoolean());
        Assert.StartsWith("not a listing: ", none.GetProperty("listing").GetProperty("status").GetString());
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
