using AngleSharp.Html.Parser;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The operator page as a person sees it: the real host, rendered by headless Chromium (Debian's
/// chromium package, which .ci/run installs). Skipped where Chromium is not installed.
/// </summary>
public sealed class OperatorPageBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("article.html", SeedArticle.Html, "text/html; charset=utf-8");
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "North Korea Test-Fires New Missile", upstream.Url("article.html"))), "application/rss+xml");
        upstream.Serve("broken.xml", new LoopbackServer.Response(500, "down", "text/plain"));
        var config = TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "00:00:10"), ("broken", upstream.Url("broken.xml"), "00:00:10"));
        host = await RunningHost.StartAsync(config);
        await Eventually.TrueAsync(() => host.Get<Core.Storage.SourceStore>().FindAllStates().Count == 2 && host.Get<Core.Storage.ArticleStore>().Count() == 1);
    }

    [SkippableFact]
    public async Task The_page_shows_sections_sources_and_the_latest_articles_with_their_outline()
    {
        Chromium.Require();

        var dom = await RenderAsync(host.Url("?section=world-defense"));

        using var page = new HtmlParser().ParseDocument(dom);
        Assert.Equal("FeedHub", page.QuerySelector("h1")?.TextContent);
        var sectionRow = page.QuerySelectorAll("#sections tr").Single(r => r.TextContent.Contains("World Defense"));
        Assert.Equal("1", sectionRow.Children[1].TextContent); // one article in the section
        Assert.Contains("RSS", sectionRow.Children[2].TextContent);
        var ok = page.QuerySelector("#sources tr[data-source=gsm]")!;
        Assert.Equal("ok", ok.Children[1].TextContent);
        var failing = page.QuerySelector("#sources tr[data-source=broken]")!;
        Assert.StartsWith("failing (1 in a row)", failing.Children[1].TextContent);
        Assert.Equal("HTTP 500 Internal Server Error", failing.Children[4].TextContent);
        var article = page.QuerySelector("#preview ~ article")!;
        Assert.Equal("North Korea Test-Fires New Missile", article.QuerySelector("h3")!.TextContent);
        Assert.Equal(["Kim Jong Un Oversees Missile Test", "Russia-North Korea Alliance Strengthens", "Weapons for Export?", "Rising Tensions on the Korean Peninsula"],
            article.QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Equal(3, page.QuerySelectorAll("link[rel=alternate][href^='/feeds/world-defense.']").Length);
    }

    private async Task<string> RenderAsync(Uri url) => (await Chromium.RenderAsync(url, dir.File("chromium"))).Dom;

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await upstream.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
