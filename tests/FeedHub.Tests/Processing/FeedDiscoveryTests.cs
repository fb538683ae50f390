using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>Finding the feed behind an address, over real loopback sites, with the app's own wiring (fetcher, guard, parser).</summary>
public sealed class FeedDiscoveryTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer site = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        site = await LoopbackServer.StartAsync();
        services = TestConfig.Services(FeedHubConfiguration.Load(TestConfig.Write(dir)));
    }

    private Task<Discovery> DiscoverAsync(string path) => services.GetRequiredService<FeedDiscovery>().DiscoverAsync(site.Url(path), CancellationToken.None);

    private static string Page(string head) => $"<!DOCTYPE html><html><head><title>Site</title>{head}</head><body><p>Home</p></body></html>";

    [Fact]
    public async Task A_feed_address_is_the_feed()
    {
        site.Serve("feed.xml", Feeds.Rss(new Feeds.Item("a", "A story", site.Url("a.html"))), "application/rss+xml");

        var found = await DiscoverAsync("feed.xml");

        Assert.Equal(site.Url("feed.xml"), found.FeedUrl);
        Assert.Equal("rss20", found.Feed!.Format);
        Assert.Single(found.Tried);
    }

    [Fact]
    public async Task A_page_gives_the_feed_it_links_before_any_common_path()
    {
        site.Serve("/", Page("""<link rel="alternate" type="application/atom+xml" href="/blog/atom"><link rel="stylesheet" href="/s.css">"""), "text/html");
        site.Serve("blog/atom", """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><id>urn:b</id><updated>2025-01-01T00:00:00Z</updated>
            <entry><title>Post</title><id>urn:p</id><updated>2025-01-01T00:00:00Z</updated><link href="/p"/></entry></feed>
            """, "application/atom+xml");
        site.Serve("feed", Feeds.Rss(), "application/rss+xml"); // a common path, which the page's own link wins over

        var found = await DiscoverAsync("");

        Assert.Equal(site.Url("blog/atom"), found.FeedUrl);
        Assert.Equal("atom10", found.Feed!.Format);
        Assert.Equal(0, site.Hits("feed"));
    }

    [Fact]
    public async Task A_page_that_links_no_feed_gives_the_first_common_path_that_is_one()
    {
        site.Serve("/", Page(""), "text/html");
        site.Serve("feed", Page(""), "text/html"); // /feed answers, but with a page
        site.Serve("atom.xml", Feeds.Rss(new Feeds.Item("a", "A story", site.Url("a.html"))), "application/rss+xml");

        var found = await DiscoverAsync("");

        Assert.Equal(site.Url("atom.xml"), found.FeedUrl);
        Assert.Equal([site.Url(""), site.Url("feed"), site.Url("rss.xml"), site.Url("atom.xml")], found.Tried.Select(t => t.Url));
        Assert.Contains("HTTP 404", found.Tried[2].Outcome);
    }

    [Fact]
    public async Task No_feed_anywhere_says_what_was_tried()
    {
        site.Serve("/", Page(""), "text/html");

        var found = await DiscoverAsync("");

        Assert.Null(found.Feed);
        Assert.Equal(1 + FeedDiscovery.CommonPaths.Count, found.Tried.Count);
        Assert.StartsWith("no feed found: ", found.Failure);
        Assert.Contains("index.xml HTTP 404", found.Failure);
    }

    [Fact]
    public async Task A_section_page_that_links_no_feed_is_read_as_the_listing_a_page_source_would_follow()
    {
        var defense = new ListingSite(site, "world-defense/");
        defense.Publish("world-defense/2025/03/10/radar-upgrade-for-the-coast", "Radar upgrade approved for the northern coast", DateTimeOffset.UnixEpoch);
        defense.Publish("world-defense/2025/03/11/frigate-trials-delayed", "Frigate trials delayed by a gearbox fault", DateTimeOffset.UnixEpoch);

        var found = await DiscoverAsync("world-defense/");

        Assert.Null(found.Feed);
        Assert.StartsWith("no feed found: ", found.Failure);
        Assert.True(found.FollowsPage);
        Assert.Equal(site.Url("world-defense/"), found.PageUrl);
        Assert.Equal("a listing of 2 article links", found.Listing!.Status);
        Assert.Equal([site.Url("world-defense/2025/03/11/frigate-trials-delayed"), site.Url("world-defense/2025/03/10/radar-upgrade-for-the-coast")],
            found.Listing.Items.Select(i => i.Url));
        Assert.Equal("Frigate trials delayed by a gearbox fault", found.Listing.Items[0].Title);

        var preview = await services.GetRequiredService<FeedDiscovery>().PreviewAsync(site.Url("world-defense/"), CancellationToken.None);
        Assert.Equal(["Frigate trials delayed by a gearbox fault", "Radar upgrade approved for the northern coast"], preview.Latest.Select(e => e.Title));
        Assert.Equal("extracted", preview.FirstArticle!.Status); // the first listed article, fetched and extracted as a poll would
        Assert.Equal("Frigate trials delayed by a gearbox fault", preview.FirstArticle.Title);
    }

    [Fact]
    public async Task A_page_that_is_neither_a_feed_nor_a_listing_says_why_on_both_counts()
    {
        site.Serve("story.html", SeedArticle.Html, "text/html; charset=utf-8");

        var article = await DiscoverAsync("story.html");
        var missing = await DiscoverAsync("nowhere/");

        Assert.False(article.FollowsPage);
        Assert.Null(article.Feed);
        Assert.StartsWith("not a listing: ", article.Listing!.Status);
        Assert.Empty(article.Listing.Items);
        Assert.False(missing.FollowsPage);
        Assert.StartsWith("not a listing: the address gave no HTML page (HTTP 404", missing.Listing!.Status);
    }

    [Fact]
    public async Task The_preview_extracts_the_newest_entrys_article()
    {
        site.Serve("story.html", SeedArticle.Html, "text/html; charset=utf-8");
        site.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("old", "Older", site.Url("old.html"), Published: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            new Feeds.Item("new", "North Korea Test-Fires New Missile", site.Url("story.html"))), "application/rss+xml");

        var preview = await services.GetRequiredService<FeedDiscovery>().PreviewAsync(site.Url("feed.xml"), CancellationToken.None);

        Assert.Equal(["North Korea Test-Fires New Missile", "Older"], preview.Latest.Select(e => e.Title));
        Assert.Equal("extracted", preview.FirstArticle!.Status);
        Assert.Contains("Kim Jong Un Oversees Missile Test", preview.FirstArticle.Headings!.Select(h => h.Text));
        Assert.Equal(0, site.Hits("old.html"));
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await site.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
