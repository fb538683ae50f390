using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// Debian's headless Chromium driven through its chromedriver (Selenium), for tests that fill in and submit a page and
/// read what the browser laid out. No browser or driver is downloaded: both are the system's (.ci/run installs them).
/// </summary>
public sealed class BrowserSession : IDisposable
{
    public const string DriverPath = "/usr/bin/chromedriver";

    public static bool IsInstalled => Chromium.IsInstalled && File.Exists(DriverPath);

    public BrowserSession(string userDataDir)
    {
        var options = new ChromeOptions { BinaryLocation = Chromium.Path };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--window-size=1280,900", $"--user-data-dir={userDataDir}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

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

    public void Dispose() => Driver.Quit();
}
