using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A config FeedHub may read but not change (issue 17 item 5: the Docker image's baked config, or a folder mounted :ro):
/// editing sources answers a 409 that says why and what to do, and `feedhub sources add` one line, never a 500 or a
/// stack trace. The folder is made read-only for real: chattr +i when the tests run as root (root writes through
/// permission bits, but not into an immutable folder), chmod otherwise.
/// </summary>
public sealed class ReadOnlyConfigTests : IAsyncLifetime, IDisposable
{
    private const string Key = "read-only-config-key-0123456789";
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private string configDir = null!;
    private string configPath = null!;
    private string original = null!;
    private bool locked;

    public Task InitializeAsync()
    {
        // The config in a folder of its own, so the store beside it stays writable.
        var written = TestConfig.Write(dir, ("old", new Uri("http://127.0.0.1:9/feed.xml"), "01:00:00"));
        configDir = Directory.CreateDirectory(dir.File("config")).FullName;
        configPath = Path.Combine(configDir, "feedhub.json");
        File.Move(written, configPath);
        original = File.ReadAllText(configPath);
        locked = Lock(configDir, true);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Adding_or_removing_a_source_through_the_api_is_a_409_that_says_why()
    {
        Skip.IfNot(locked, "the folder could not be made read-only here (chattr +i needs an ext4-like file system)");
        await using var host = await RunningHost.StartAsync(configPath, new Dictionary<string, string?> { ["Http:ApiKey"] = Key });

        using var add = new HttpRequestMessage(HttpMethod.Post, host.Url("api/sources")) { Content = JsonContent.Create(new { id = "new", url = "https://example.com/feed.xml" }) };
        add.Headers.Add("X-Api-Key", Key);
        using var added = await http.SendAsync(add);
        using var remove = new HttpRequestMessage(HttpMethod.Delete, host.Url("api/sources/old"));
        remove.Headers.Add("X-Api-Key", Key);
        using var removed = await http.SendAsync(remove);

        await Problems.AssertAsync(added, 409, $"{configPath} can't be changed here");
        await Problems.AssertAsync(removed, 409, "give it a writable config folder");
        Assert.Contains("Configuration is read-only", await removed.Content.ReadAsStringAsync());
        Assert.Equal(original, File.ReadAllText(configPath));
    }

    [SkippableFact]
    public async Task Sources_add_prints_one_line_that_says_why()
    {
        Skip.IfNot(locked, "the folder could not be made read-only here (chattr +i needs an ext4-like file system)");

        var (exit, stdout, stderr) = await FeedHubProcess.RunAsync(["sources", "add", "--id", "new", "--url", "https://example.com/feed.xml", "--config", configPath]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"feedhub: {configPath} can't be changed here", line);
        Assert.Equal(original, File.ReadAllText(configPath));
    }

    /// <returns>Whether the folder is now read-only (or writable again) for this process.</returns>
    private static bool Lock(string folder, bool readOnly)
    {
        if (OperatingSystem.IsWindows()) return false;
        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(folder, readOnly ? UnixFileMode.UserRead | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return true;
        }
        try
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [readOnly ? "+i" : "-i", folder]) { RedirectStandardError = true })!;
            chattr.WaitForExit();
            return chattr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) // no chattr (e2fsprogs) on this machine
        {
            return false;
        }
    }

    public Task DisposeAsync()
    {
        http.Dispose();
        if (locked) Lock(configDir, false);
        return Task.CompletedTask;
    }

    public void Dispose() => dir.Dispose();
}
