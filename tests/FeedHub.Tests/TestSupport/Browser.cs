using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// Debian's chromium driven through Debian's chromium-driver by Selenium WebDriver, as a person's browser: both are
/// installed by .ci/run. Without them a test skips, unless FEEDHUB_REQUIRE_BROWSER=1 (as .ci/run sets), when it fails,
/// so that CI never passes by skipping the browser.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string DriverPath = "/usr/bin/chromedriver";

    private Browser(ChromeDriver driver, string screenshots)
    {
        Driver = driver;
        Screenshots = screenshots;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where <see cref="Screenshot"/> writes its PNGs: the test output's console-screenshots folder.</summary>
    public string Screenshots { get; }

    /// <summary>Skips the test (or, with FEEDHUB_REQUIRE_BROWSER=1, fails it) when chromium or chromium-driver is missing.</summary>
    public static void Require() => Chromium.Require(Chromium.Path, DriverPath);

    public static Browser Start(string userDataDir)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium.Path };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,1400",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={userDataDir}");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "console-screenshots");
        Directory.CreateDirectory(screenshots);
        return new Browser(driver, screenshots);
    }

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public string Text(string css) => Find(css).Text;

    public void Go(Uri url) => Driver.Navigate().GoToUrl(url);

    /// <summary>Clicks what submits a form or follows a link, and waits for the next page to replace this one.</summary>
    public void Submit(string css)
    {
        var page = Find("html");
        Find(css).Click();
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(60));
        wait.Until(_ => IsGone(page));
        wait.Until(_ => Driver.ExecuteScript("return document.readyState") as string == "complete");
    }

    private static bool IsGone(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
        catch (WebDriverException) // "Node ... does not belong to the document": caught mid-navigation; ask again
        {
            return false;
        }
    }

    /// <summary>A property of the element's computed style, as laid out.</summary>
    public string Style(string css, string property) => (string)Driver.ExecuteScript(
        "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);", css, property)!;

    /// <summary>Waits until the condition holds (a script's fetch answered), at most 30 s.</summary>
    public async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the page did not get there within 30 s");
            await Task.Delay(100);
        }
    }

    public void Type(string css, string text)
    {
        var field = Find(css);
        field.Clear();
        field.SendKeys(text);
    }

    /// <summary>The page as it is now, as a PNG under <see cref="Screenshots"/>.</summary>
    public void Screenshot(string name) => Driver.GetScreenshot().SaveAsFile(Path.Combine(Screenshots, name + ".png"));

    /// <summary>
    /// axe-core (the copy Deque.AxeCore.Commons carries) run in the page: the violations of serious or critical impact,
    /// as "rule: help (targets)" lines. Injected through WebDriver, so the page's own policy (no script) is unchanged.
    /// </summary>
    public IReadOnlyList<string> SeriousAccessibilityProblems()
    {
        Driver.ExecuteScript(AxeSource.Value);
        var json = (string?)Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })))))
              .catch(e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }])));
            """);
        return JsonSerializer.Deserialize<List<Violation>>(json ?? "[]", new JsonSerializerOptions(JsonSerializerDefaults.Web))!
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Targets)})")
            .ToList();
    }

    private sealed record Violation(string Id, string? Impact, string Help, List<string> Targets);

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var stream = typeof(Deque.AxeCore.Commons.AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons");
        return new StreamReader(stream).ReadToEnd();
    });

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
