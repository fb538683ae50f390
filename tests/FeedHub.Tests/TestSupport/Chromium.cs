using System.Diagnostics;

namespace FeedHub.Tests.TestSupport;

/// <summary>Debian's headless Chromium (installed by .ci/run), loading a page as a person's browser would.</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(Path);

    /// <summary>
    /// Skips the test when a browser part is missing, or fails it with FEEDHUB_REQUIRE_BROWSER=1 (as .ci/run sets), so
    /// that CI never passes by skipping a browser test.
    /// </summary>
    public static void Require(params string[] paths)
    {
        var missing = (paths.Length == 0 ? [Path] : paths).Where(p => !File.Exists(p)).ToList();
        if (missing.Count == 0) return;
        var why = $"{string.Join(" and ", missing)} not installed (.ci/run installs Debian's chromium and chromium-driver)";
        if (Environment.GetEnvironmentVariable("FEEDHUB_REQUIRE_BROWSER") == "1") Assert.Fail(why + "; FEEDHUB_REQUIRE_BROWSER=1 requires them");
        Skip.If(true, why);
    }

    /// <summary>The DOM after Chromium loaded and ran the page, and its log, where the console's messages are (CSP refusals among them).</summary>
    public static async Task<(string Dom, string Log)> RenderAsync(Uri url, string userDataDir)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={userDataDir}",
                     "--enable-logging=stderr", "--v=0", "--dump-dom", url.AbsoluteUri,
                 })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var dom = process.StandardOutput.ReadToEndAsync();
        var log = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (await dom, await log);
    }
}
