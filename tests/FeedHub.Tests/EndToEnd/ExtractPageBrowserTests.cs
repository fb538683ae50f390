using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The /extract page as a person uses it (issue 17 item 12), in headless Chromium: nothing of a result shows before a
/// run or after an error (a grid rule used to override the hidden attribute), the inputs span the form, and pasted
/// HTML is extracted without the API key (it fetches nothing), while a URL still needs it.
/// </summary>
public sealed class ExtractPageBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private RunningHost host = null!;

    public async Task InitializeAsync() =>
        host = await RunningHost.StartAsync(TestConfig.Write(dir), new Dictionary<string, string?> { ["Http:ApiKey"] = "extract-page-key-0123456789" });

    [SkippableFact]
    public async Task Pasted_html_is_extracted_without_a_key_and_the_result_shows_only_after_a_run()
    {
        Browser.Require();
        using var browser = Browser.Start(dir.File("chromium"));
        browser.Driver.Navigate().GoToUrl(host.Url("extract"));

        Assert.Equal("none", browser.Style("#result", "display")); // before any run
        Assert.True(browser.Find("#url").Size.Width > 600, $"the URL input is {browser.Find("#url").Size.Width} px wide");
        Assert.Equal(browser.Find("#html").Size.Width, browser.Find("#url").Size.Width);

        browser.Driver.ExecuteScript("document.getElementById('html').value = arguments[0];", SeedArticle.Html);
        browser.Find("#base").SendKeys(SeedArticle.PageUrl);
        browser.Find("#form button").Click();
        await browser.UntilAsync(() => browser.Find("#status").Text.StartsWith("Status:", StringComparison.Ordinal));

        Assert.Equal("Status: extracted", browser.Find("#status").Text);
        Assert.Equal("grid", browser.Style("#result", "display"));
        Assert.Equal(4, browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#outline li")).Count);

        browser.Driver.ExecuteScript("document.getElementById('html').value = '';");
        browser.Find("#url").SendKeys("https://news.example.com/story/");
        browser.Find("#form button").Click();
        await browser.UntilAsync(() => browser.Find("#status").GetAttribute("class") == "error");

        Assert.Contains("X-Api-Key", browser.Find("#status").Text); // a URL needs the key
        Assert.Equal("none", browser.Style("#result", "display")); // the last result is not left on show after an error
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose() => dir.Dispose();
}
