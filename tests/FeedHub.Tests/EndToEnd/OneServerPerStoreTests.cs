using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A SQLite store takes one `feedhub serve`: a second one on the same file would schedule every source again, so it
/// refuses to start and names the store and the server holding it; commands that read keep working beside it.
/// </summary>
public sealed class OneServerPerStoreTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task A_second_server_on_the_same_store_is_refused_and_the_first_one_lets_go_when_it_stops()
    {
        var config = TestConfig.Write(dir, ("a", new Uri("http://127.0.0.1:9/feed.xml"), "01:00:00"));
        var first = await RunningHost.StartAsync(config);
        try
        {
            var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["serve", "--config", config]);

            Assert.Equal(1, exitCode);
            Assert.Contains(dir.File("feedhub.db"), stderr);
            Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", stderr);
            Assert.Contains("PostgreSQL", stderr);
            Assert.DoesNotContain("   at ", stderr); // one line, no stack trace

            var list = await FeedHubProcess.RunAsync(["sources", "list", "--config", config]);
            Assert.True(list.ExitCode == 0, list.Stderr);
            var status = await FeedHubProcess.RunAsync(["status", "--config", config]);
            Assert.True(status.ExitCode == 0, status.Stderr);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await RunningHost.StartAsync(config); // the lock went with the first host
        Assert.NotNull(second.BaseUrl);
    }

    public void Dispose() => dir.Dispose();
}
