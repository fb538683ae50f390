using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;
using OpenQA.Selenium;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The operator console used as a person would, in Debian's chromium through Selenium and chromium-driver, against the
/// real host and a loopback site whose home page links its feed: sign in; add the source by the site's address and see
/// the discovered feed and its preview; save; refresh and see the article; open it; add a section and see its rule
/// preview change with the rule; remove the source; sign out. axe-core runs in each page (no serious or critical
/// violation), and each main page is kept as a screenshot (the README shows them).
/// </summary>
public sealed class ConsoleBrowserTests : IAsyncLifetime, IDisposable
{
    private const string StoryTitle = "North Korea Test-Fires New Missile";

    private readonly TempDirectory dir = new();
    private LoopbackServer site = null!;
    private RunningHost host = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        site = await LoopbackServer.StartAsync();
        site.Serve("/", """
            <!DOCTYPE html><html lang="en"><head><title>Example News</title>
            <link rel="alternate" type="application/rss+xml" title="Example News" href="/news/feed.xml"></head>
            <body><h1>Example News</h1><p>Home page.</p></body></html>
            """, "text/html; charset=utf-8");
        site.Serve("news/feed.xml", Feeds.Rss(new Feeds.Item("story-1", StoryTitle, site.Url("news/story.html"))), "application/rss+xml");
        site.Serve("news/story.html", SeedArticle.Html, "text/html; charset=utf-8");
        config = TestConfig.Write(dir);
        host = await RunningHost.StartAsync(config, new Dictionary<string, string?> { ["Console:PasswordHash"] = ConsoleClient.PasswordHashValue.Value });
    }

    [SkippableFact]
    public void An_operator_adds_refreshes_reads_sections_and_removes_a_source()
    {
        Browser.Require();
        using var browser = Browser.Start(dir.File("chromium"));

        // Sign in.
        browser.Go(host.Url("console/sign-in"));
        Checked(browser, "sign-in");
        browser.Type("#password", ConsoleClient.Password);
        browser.Submit("#sign-in");
        Assert.Equal("Sources", browser.Text("h1"));
        Assert.Equal("Signed in", browser.Text(".who"));

        // Add a source by the site's address: the feed its page links is found and previewed.
        browser.Go(host.Url("console/sources/add"));
        browser.Type("#address", site.BaseUrl.AbsoluteUri);
        browser.Submit("#discover");
        Assert.Equal(site.Url("news/feed.xml").AbsoluteUri, browser.Text("#discovered"));
        Assert.Equal("rss20", browser.Text("#format"));
        Assert.Equal(StoryTitle, browser.Driver.FindElements(By.CssSelector("#entries li")).Single().Text.Split(" 20")[0]);
        Assert.Equal(["Kim Jong Un Oversees Missile Test", "Russia-North Korea Alliance Strengthens", "Weapons for Export?", "Rising Tensions on the Korean Peninsula"],
            browser.Driver.FindElements(By.CssSelector("#first-headings li")).Select(li => li.Text));
        Checked(browser, "add-source");

        // Save it, with an id of the operator's choosing and the section.
        browser.Type("#id", "example-news");
        browser.Find("#section-world-defense").Click();
        browser.Submit("#save");
        Assert.Equal("Test feed", browser.Text("h1")); // the feed's title became the name
        Assert.Contains("\"example-news\"", File.ReadAllText(config));

        // Refresh now: the outcome is shown, the article listed with its extraction status, the poll in the history.
        browser.Submit("#refresh");
        Assert.StartsWith("Refreshed: ", browser.Text(".notice"));
        var listed = browser.Find("#articles li");
        Assert.Contains(StoryTitle, listed.Text);
        Assert.Contains("extracted", listed.Text);
        Assert.Contains("200", browser.Text("#polls tbody tr"));
        Checked(browser, "source");

        // The list: the source with its status and count, found by its URL, and not among the failing.
        browser.Go(host.Url("console/sources?q=news/feed"));
        var row = browser.Find("#sources tr[data-source=example-news]");
        Assert.Equal("ok", row.FindElement(By.CssSelector("td:nth-child(2)")).Text);
        Assert.Equal("1", row.FindElement(By.CssSelector("td:nth-child(5)")).Text);
        Checked(browser, "sources");
        browser.Go(host.Url("console/sources?status=failing"));
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("#sources tbody tr")));

        // The article as stored, from the source's page.
        browser.Go(host.Url("console/sources/example-news"));
        browser.Submit("#articles li a");
        Assert.Equal(StoryTitle, browser.Text("h1"));
        Assert.Equal("extracted", browser.Text("#extraction"));
        Assert.Contains("Kim Jong Un Oversees Missile Test", browser.Text("#outline"));
        Assert.Contains("example-news", browser.Text("#article-sources"));
        Assert.Contains("by the rule source", browser.Text("#article-sections"));
        Checked(browser, "article");

        // A new section, and its rules tried before they are saved: the preview follows the rule.
        browser.Go(host.Url("console/sections"));
        browser.Type("#slug", "missiles");
        browser.Type("#name", "Missiles");
        browser.Submit("#add-section");
        browser.Type("#include-Keywords", "submarine");
        browser.Submit("#preview-rules");
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("#taken-in li")));
        Assert.Contains(StoryTitle, browser.Text("#left-out"));
        browser.Type("#include-Keywords", "missile");
        browser.Submit("#preview-rules");
        Assert.Contains(StoryTitle, browser.Text("#taken-in"));
        Assert.Contains("keyword:missile", browser.Text("#taken-in"));
        Checked(browser, "section-rules");
        browser.Submit("#save-rules");
        Assert.Equal(["missile"], FeedHubConfiguration.Load(config).Catalog.Sections.Single(s => s.Slug == "missiles").Include!.Keywords);

        // Remove the source, then sign out.
        browser.Go(host.Url("console/sources/example-news"));
        browser.Submit("#remove");
        Assert.Equal("Source removed", browser.Text("h1"));
        Assert.Empty(FeedHubConfiguration.Load(config).Catalog.Sources);
        browser.Submit("#sign-out");
        Assert.Equal("Sign in", browser.Text("h1"));
        Assert.Contains("Signed out.", browser.Text(".notice"));
    }

    [SkippableFact]
    public async Task An_operator_adds_a_section_page_that_links_no_feed_as_a_page_source()
    {
        Browser.Require();
        var defense = new ListingSite(site, "world-defense/");
        defense.Publish("world-defense/2025/03/10/radar-upgrade-for-the-coast", "Radar upgrade approved for the northern coast", new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
        defense.Publish("world-defense/2025/03/11/frigate-trials-delayed", "Frigate trials delayed by a gearbox fault", new DateTimeOffset(2025, 3, 11, 8, 0, 0, TimeSpan.Zero));
        using var browser = Browser.Start(dir.File("chromium"));
        browser.Go(host.Url("console/sign-in"));
        browser.Type("#password", ConsoleClient.Password);
        browser.Submit("#sign-in");

        // No feed at the section page: the page itself is offered, with the article links it would take.
        browser.Go(host.Url("console/sources/add"));
        browser.Type("#address", defense.SectionUrl.AbsoluteUri);
        browser.Submit("#discover");
        Assert.Contains("FeedHub can follow the page itself", browser.Text(".notice"));
        Assert.StartsWith("page:", browser.Text("#kind"));
        Assert.Equal(["Frigate trials delayed by a gearbox fault", "Radar upgrade approved for the northern coast"],
            browser.Driver.FindElements(By.CssSelector("#entries tbody td:first-child")).Select(td => td.Text));
        Checked(browser, "add-page-source");

        browser.Type("#id", "loopback-defense");
        browser.Find("#section-world-defense").Click();
        browser.Submit("#save");
        Assert.Equal(Core.Model.SourceKind.Page, FeedHubConfiguration.Load(config).Catalog.Sources.Single().ParsedKind);
        browser.Submit("#refresh");
        await Eventually.TrueAsync(() => host.Get<Core.Storage.ArticleStore>().Count("loopback-defense") == 2);
        Assert.StartsWith("page:", browser.Text("#kind"));
        Assert.Contains("200", browser.Text("#polls tbody tr"));
        Checked(browser, "page-source");
    }

    /// <summary>The page passes axe-core without serious or critical violations, and is kept as a screenshot.</summary>
    private static void Checked(Browser browser, string name)
    {
        browser.Screenshot("console-" + name);
        Assert.Empty(browser.SeriousAccessibilityProblems());
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await site.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
