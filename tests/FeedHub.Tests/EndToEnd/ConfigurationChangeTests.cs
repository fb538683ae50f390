using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A configuration change is applied in the background, and a change that can't be applied is logged, not fatal:
/// the server goes on, and the next change applies (issue 14 item 1, issue 16 item 3).
/// </summary>
public sealed class ConfigurationChangeTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("a.xml", Feeds.Rss(new Feeds.Item("a1", "From A", upstream.Url("none.html"))), "application/rss+xml");
        upstream.Serve("b.xml", Feeds.Rss(new Feeds.Item("b1", "From B", upstream.Url("none.html"))), "application/rss+xml");
        host = await RunningHost.StartAsync(TestConfig.Write(dir, ("a", upstream.Url("a.xml"), "00:00:01")));
        await Eventually.TrueAsync(() => host.Get<ArticleStore>().Count("a") == 1);
    }

    [Fact]
    public async Task A_change_that_fails_to_apply_leaves_the_server_running_and_the_next_change_applies()
    {
        // The store can't be read while the change is applied (the scheduler reads each source's state).
        Execute("ALTER TABLE sources RENAME TO sources_away");
        TestConfig.Write(dir, ("a", upstream.Url("a.xml"), "00:00:01"), ("b", upstream.Url("b.xml"), "00:00:01"));
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the file watcher's settle time and the failed apply

        using (var alive = await http.GetAsync(host.Url("healthz")))
            Assert.True(alive.IsSuccessStatusCode);
        Execute("ALTER TABLE sources_away RENAME TO sources");
        TestConfig.Write(dir, ("a", upstream.Url("a.xml"), "00:00:02"), ("b", upstream.Url("b.xml"), "00:00:01"));

        await Eventually.TrueAsync(() => host.Get<ArticleStore>().Count("b") == 1);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={host.Get<Database>().FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await upstream.DisposeAsync();
    }

    public void Dispose()
    {
        http.Dispose();
        dir.Dispose();
    }
}
