using System.Net;
using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// Stored articles extracted again (issue 17 item 7): a poll never fetches a stored article's page again, so when a
/// site's pages or its rules change, `feedhub reextract` and POST /api/articles/{id}/reextract revise the stored
/// articles with the same fetcher and extractor, and the published feeds follow. Real host, real loopback pages.
/// </summary>
public sealed class ReextractTests : IAsyncLifetime, IDisposable
{
    private const string Key = "reextract-api-key-0123456789";
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private LoopbackServer upstream = null!;
    private string configPath = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("article.html", SeedArticle.Html, "text/html; charset=utf-8");
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "North Korea Test-Fires New Missile", upstream.Url("article.html"))), "application/rss+xml");
        configPath = TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "01:00:00"));
    }

    [Fact]
    public async Task The_api_revises_one_article_from_its_page_and_its_feed_follows()
    {
        await using var host = await RunningHost.StartAsync(configPath, new Dictionary<string, string?> { ["Http:ApiKey"] = Key });
        await Eventually.TrueAsync(() => host.Get<ArticleStore>().Count() == 1);
        var id = host.Get<ArticleStore>().FindLatest(null, 1)[0].Id;
        using var before = await http.GetAsync(host.Url("feeds/world-defense.atom"));
        upstream.Serve("article.html", SeedArticle.Html.Replace("Freedom Shield", "Freedom Edge"), "text/html; charset=utf-8");

        using var refused = await PostAsync(host, $"api/articles/{id}/reextract", key: null);
        using var revised = await PostAsync(host, $"api/articles/{id}/reextract");
        using var again = await PostAsync(host, $"api/articles/{id}/reextract");
        using var missing = await PostAsync(host, "api/articles/no-such-id/reextract");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.Contains("\"status\":\"revised\"", await revised.Content.ReadAsStringAsync());
        Assert.Contains("\"status\":\"unchanged\"", await again.Content.ReadAsStringAsync());
        await Problems.AssertAsync(missing, 404, "no-such-id");
        var article = host.Get<ArticleStore>().FindById(id)!;
        Assert.Contains("Freedom Edge", article.ContentText);
        Assert.DoesNotContain("Freedom Shield", article.ContentText);
        Assert.Equal("extracted", article.Extraction.ToString());
        Assert.Equal([TestConfig.Section], article.Sections.Select(s => s.Slug));
        using var after = await http.GetAsync(host.Url("feeds/world-defense.atom"));
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Contains("Freedom Edge", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_command_revises_a_sources_articles_and_keeps_those_whose_page_gives_none()
    {
        var (polled, _, pollError) = await FeedHubProcess.RunAsync(["refresh", "--source", "gsm", "--config", configPath]);
        Assert.True(polled == 0, pollError);
        upstream.Serve("article.html", SeedArticle.Html.Replace("Freedom Shield", "Freedom Edge"), "text/html; charset=utf-8");

        var (noSelection, _, usage) = await FeedHubProcess.RunAsync(["reextract", "--config", configPath]);
        var (revisedExit, revisedOut, revisedError) = await FeedHubProcess.RunAsync(["reextract", "--source", "gsm", "--config", configPath]);
        upstream.Serve("article.html", new LoopbackServer.Response(500, "down", "text/plain"));
        var (keptExit, keptOut, _) = await FeedHubProcess.RunAsync(["reextract", "--section", TestConfig.Section, "--config", configPath]);

        Assert.Equal(2, noSelection);
        Assert.Contains("--source ID, --section SLUG, --article ID or --all", usage);
        Assert.True(revisedExit == 0, revisedError);
        Assert.Contains("1 articles: 1 revised, 0 unchanged, 0 kept", revisedOut);
        Assert.Equal(1, keptExit);
        Assert.Contains("kept: page not fetched: HTTP 500", keptOut);
        await using var services = TestConfig.Services(FeedHubConfiguration.Load(configPath));
        var article = services.GetRequiredService<ArticleStore>().FindLatest(null, 1).Single();
        Assert.Contains("Freedom Edge", article.ContentText); // the page that failed did not undo the revision
        Assert.Equal("extracted", article.Extraction.ToString());
    }

    private Task<HttpResponseMessage> PostAsync(RunningHost host, string path, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, host.Url(path));
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await upstream.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
