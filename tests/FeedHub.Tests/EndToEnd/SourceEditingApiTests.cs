using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// What the console does, reached by scripts through the API on the real host: PATCH /api/sources/{id} (the same edit
/// as the console's), GET /api/sources/{id}/polls (the poll history) and POST /api/discover (feed discovery).
/// </summary>
public sealed class SourceEditingApiTests : IAsyncLifetime
{
    private const string Key = "console-api-key-0123456789";
    private HostedFeedHub hub = null!;

    public async Task InitializeAsync() => hub = await HostedFeedHub.StartAsync((dir, upstream) =>
    {
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "A story", upstream.Url("missing.html"))), "application/rss+xml");
        upstream.Serve("/", """<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Home</body></html>""", "text/html");
        return TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "01:00:00"));
    }, Key);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? key = Key) =>
        hub.SendAsync(method, path, body, key);

    [Fact]
    public async Task Patch_changes_only_the_fields_given()
    {
        using var refused = await SendAsync(HttpMethod.Patch, "api/sources/gsm", new { name = "Global" }, key: null);
        using var unknown = await SendAsync(HttpMethod.Patch, "api/sources/nobody", new { name = "Global" });
        using var badInterval = await SendAsync(HttpMethod.Patch, "api/sources/gsm", new { interval = "often" });
        using var edited = await SendAsync(HttpMethod.Patch, "api/sources/gsm", new { name = "Global", interval = "02:00:00", enabled = false });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badInterval.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, edited.StatusCode);
        var source = FeedHubConfiguration.Load(hub.ConfigPath).Catalog.Sources.Single();
        Assert.Equal(("Global", TimeSpan.FromHours(2), false, hub.Upstream.Url("feed.xml").AbsoluteUri), (source.Name, source.Interval, source.Enabled, source.Url));
        Assert.Equal([TestConfig.Section], source.AllSections());
    }

    [Fact]
    public async Task Patch_writes_a_section_named_twice_once()
    {
        using var edited = await SendAsync(HttpMethod.Patch, "api/sources/gsm", new { sections = new[] { TestConfig.Section, TestConfig.Section } });

        Assert.Equal(HttpStatusCode.NoContent, edited.StatusCode);
        using var file = JsonDocument.Parse(File.ReadAllText(hub.ConfigPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var sections = file.RootElement.GetProperty("Sources")[0].GetProperty("Sections").EnumerateArray().Select(s => s.GetString());
        Assert.Equal([TestConfig.Section], sections);
    }

    [Fact]
    public async Task The_poll_history_is_readable_after_a_refresh()
    {
        using var refreshed = await SendAsync(HttpMethod.Post, "api/sources/gsm/refresh");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        using var polls = await hub.Http.GetAsync(hub.Url("api/sources/gsm/polls?limit=5"));
        using var unknown = await hub.Http.GetAsync(hub.Url("api/sources/nobody/polls"));

        var newest = JsonDocument.Parse(await polls.Content.ReadAsStringAsync()).RootElement.EnumerateArray().First();
        Assert.Equal(200, newest.GetProperty("http_status").GetInt32());
        Assert.Equal("ok", newest.GetProperty("outcome").GetString());
        Assert.True(newest.GetProperty("bytes").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Discover_finds_the_feed_a_site_links()
    {
        using var refused = await SendAsync(HttpMethod.Post, "api/discover", new { url = hub.Upstream.BaseUrl.AbsoluteUri }, key: null);
        using var found = await SendAsync(HttpMethod.Post, "api/discover", new { url = hub.Upstream.BaseUrl.AbsoluteUri });
        using var bad = await SendAsync(HttpMethod.Post, "api/discover", new { url = "ftp://example.com/" });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var body = JsonDocument.Parse(await found.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(hub.Upstream.Url("feed.xml").AbsoluteUri, body.GetProperty("feed_url").GetString());
        Assert.Equal("rss20", body.GetProperty("format").GetString());
        Assert.Equal(2, body.GetProperty("tried").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
