using System.Text.Json;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// What FeedHub writes to the operator's log: a feed's text can't forge a log line or drive the terminal, and a first
/// start says nothing alarming that the operator can't act on.
/// </summary>
public sealed class OperatorLogTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;

    public async Task InitializeAsync() => upstream = await LoopbackServer.StartAsync();

    [Fact]
    public async Task A_feed_entry_id_with_line_breaks_and_escape_codes_is_logged_escaped_on_its_own_line()
    {
        const string hostileId = "story-1\nwarn: FeedHub.Forged[0]\u001b[2J\u0000";
        ServeFeed(hostileId, "<p>The first words.</p>");
        var config = TestConfig.Write(dir, ("jsonfeed", upstream.Url("feed.json"), "01:00:00"));
        var first = await FeedHubProcess.RunAsync(["refresh", "--source", "jsonfeed", "--config", config]);
        Assert.True(first.ExitCode == 0, first.Stderr);

        ServeFeed(hostileId, "<p>The first words, and an edit.</p>"); // an edited entry is logged with its id
        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["refresh", "--source", "jsonfeed", "--force", "--config", config],
            environment: ("FeedHub__Logging__LogLevel__Default", "Information")); // the test config logs warnings only

        Assert.True(exitCode == 0, stderr);
        Assert.Contains(@"The entry story-1\nwarn: FeedHub.Forged[0]\u001b[2J\u0000 of jsonfeed was edited", stderr);
        Assert.DoesNotContain(stderr.Split('\n'), line => line.StartsWith("warn: FeedHub.Forged", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain('\0', stderr);
    }

    [Fact]
    public async Task The_console_keys_are_the_owners_alone_and_their_storage_is_not_warned_about()
    {
        var config = TestConfig.Write(dir, ("quiet", upstream.Url("none.xml"), "01:00:00"));
        await using var host = await RunningHost.StartAsync(config);

        var keys = new DirectoryInfo(dir.File("console-keys"));
        Assert.True(keys.Exists);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, keys.UnixFileMode);
        var keyManager = host.Get<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager");
        Assert.False(keyManager.IsEnabled(LogLevel.Warning)); // "No XML encryptor configured": true, and nothing to act on
        Assert.True(keyManager.IsEnabled(LogLevel.Error));
    }

    private void ServeFeed(string id, string html) => upstream.Serve("feed.json", JsonSerializer.Serialize(new
    {
        version = "https://jsonfeed.org/version/1.1",
        title = "Hostile ids",
        items = new[] { new { id, title = "A story", content_html = html } },
    }), "application/feed+json");

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    public void Dispose() => dir.Dispose();
}
