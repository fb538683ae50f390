using System.Net;
using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Http;

/// <summary>
/// The console's buttons that fix a source, over plain HTTP on the real host (the browser test covers the main path):
/// re-enabling a source stopped by 410 (and finding its article by search), accepting a permanent move, editing, and the
/// OPML import report and export.
/// </summary>
public sealed class ConsoleActionsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;
    private ConsoleClient client = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        config = TestConfig.Write(dir, ("gone", upstream.Url("gone.xml"), "01:00:00"), ("moving", upstream.Url("old.xml"), "01:00:00"));
        host = await RunningHost.StartAsync(config, new Dictionary<string, string?> { ["Console:PasswordHash"] = ConsoleClient.PasswordHashValue.Value });
        client = new ConsoleClient(host.BaseUrl);
        await client.SignInAsync();
    }

    private async Task<(HttpStatusCode Status, string Page)> PostAsync(string path, params (string, string)[] fields)
    {
        using var response = await client.PostAsync(path, await client.TokenFromAsync("/console/sources"), fields);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_source_stopped_by_410_comes_back_with_the_re_enable_button()
    {
        upstream.Serve("gone.xml", new LoopbackServer.Response(410, "", "text/plain"));
        var (_, stopped) = await PostAsync("/console/sources/gone/refresh");
        Assert.Contains("Refreshed: disabled: HTTP 410", stopped);
        Assert.Contains("id=\"re-enable\"", stopped);

        upstream.Serve("gone.xml", Feeds.Rss(new Feeds.Item("g1", "Back again", upstream.Url("x.html"))), "application/rss+xml");
        var (_, back) = await PostAsync("/console/sources/gone/refresh", ("force", "true"));

        Assert.Contains("Refreshed: updated, 1 new articles", back);
        Assert.Contains("<dd id=\"status\" class=\"good\">ok</dd>", back);
        Assert.DoesNotContain("id=\"re-enable\"", back);

        var found = await client.Http.GetStringAsync("/console/search?q=again");
        Assert.Contains("1 found.", found);
        Assert.Contains(">Back again</a>", found);
        Assert.Contains("0 found.", await client.Http.GetStringAsync("/console/search?q=submarine"));
    }

    [Fact]
    public async Task A_permanent_move_is_accepted_with_a_button()
    {
        upstream.Redirect("old.xml", 301, upstream.Url("new.xml").AbsoluteUri);
        upstream.Serve("new.xml", Feeds.Rss(), "application/rss+xml");
        var page = "";
        for (var i = 0; i < 3; i++) (_, page) = await PostAsync("/console/sources/moving/refresh"); // moved after 3 polls in a row
        Assert.True(page.Contains("id=\"accept-move\""), page);

        var (stale, _) = await PostAsync("/console/sources/moving/accept-move", ("url", upstream.Url("elsewhere.xml").AbsoluteUri));
        var (status, accepted) = await PostAsync("/console/sources/moving/accept-move", ("url", upstream.Url("new.xml").AbsoluteUri));

        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"The source&#39;s Url is now {upstream.Url("new.xml")}", accepted);
        Assert.Equal(upstream.Url("new.xml").AbsoluteUri, FeedHubConfiguration.Load(config).Catalog.Sources.Single(s => s.Id == "moving").Url);
    }

    [Fact]
    public async Task An_edit_saves_the_form_and_a_bad_interval_changes_nothing()
    {
        var before = File.ReadAllText(config);
        var (bad, badPage) = await PostAsync("/console/sources/gone/edit", ("name", "Gone"), ("interval", "soon"));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("Interval: &#39;soon&#39; is not a duration", badPage);
        Assert.Equal(before, File.ReadAllText(config));

        var (ok, _) = await PostAsync("/console/sources/gone/edit", ("name", "Gone away"), ("interval", "02:00:00")); // no "enabled": unchecked

        Assert.Equal(HttpStatusCode.OK, ok);
        var source = FeedHubConfiguration.Load(config).Catalog.Sources.Single(s => s.Id == "gone");
        Assert.Equal(("Gone away", TimeSpan.FromHours(2), false), (source.Name, source.Interval, source.Enabled));
        Assert.Empty(source.AllSections());
    }

    [Fact]
    public async Task An_OPML_import_reports_every_outline()
    {
        var opml = $"""
            <opml version="2.0"><head><title>Mine</title></head><body>
              <outline text="Fresh" xmlUrl="{upstream.Url("fresh.xml")}"/>
              <outline text="Again" xmlUrl="{upstream.Url("old.xml")}"/>
              <outline text="Folder only"/>
            </body></opml>
            """;
        var (status, page) = await PostAsync("/console/opml/import", ("opml", opml), ("section", TestConfig.Section));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Imported 1 of 3 outlines; skipped 2.", page);
        Assert.Contains("imported as <a href=\"/console/sources/fresh\">fresh</a> in world-defense", page);
        Assert.Contains("skipped: already configured as source &#39;moving&#39;", page);
        Assert.Contains("skipped: no xmlUrl (not a feed)", page);
        Assert.Contains(FeedHubConfiguration.Load(config).Catalog.Sources, s => s.Id == "fresh");
        var export = await client.Http.GetStringAsync("/console/opml/export");
        Assert.Contains(upstream.Url("fresh.xml").AbsoluteUri, export);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        await upstream.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
