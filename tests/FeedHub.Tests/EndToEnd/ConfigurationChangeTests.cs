using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A configuration change is applied in the background, and a change that can't be applied is logged, not fatal:
/// the server goes on, and the next change applies (issue 14 item 1, issue 16 item 3).
/// </summary>
public sealed class ConfigurationChangeTests : IAsyncLifetime
{
    private HostedFeedHub hub = null!;

    public async Task InitializeAsync()
    {
        hub = await HostedFeedHub.StartAsync((dir, upstream) =>
        {
            upstream.Serve("a.xml", Feeds.Rss(new Feeds.Item("a1", "From A", upstream.Url("none.html"))), "application/rss+xml");
            upstream.Serve("b.xml", Feeds.Rss(new Feeds.Item("b1", "From B", upstream.Url("none.html"))), "application/rss+xml");
            return TestConfig.Write(dir, ("a", upstream.Url("a.xml"), "00:00:01"));
        });
        await Eventually.TrueAsync(() => hub.Get<ArticleStore>().Count("a") == 1);
    }

    [Fact]
    public async Task A_change_that_fails_to_apply_leaves_the_server_running_and_the_next_change_applies()
    {
        // The store can't be read while the change is applied (the scheduler reads each source's state).
        Execute("ALTER TABLE sources RENAME TO sources_away");
        TestConfig.Write(hub.Dir, ("a", hub.Upstream.Url("a.xml"), "00:00:01"), ("b", hub.Upstream.Url("b.xml"), "00:00:01"));
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the file watcher's settle time and the failed apply

        using (var alive = await hub.Http.GetAsync(hub.Url("healthz")))
            Assert.True(alive.IsSuccessStatusCode);
        Execute("ALTER TABLE sources_away RENAME TO sources");
        TestConfig.Write(hub.Dir, ("a", hub.Upstream.Url("a.xml"), "00:00:02"), ("b", hub.Upstream.Url("b.xml"), "00:00:01"));

        await Eventually.TrueAsync(() => hub.Get<ArticleStore>().Count("b") == 1);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={hub.Get<Database>().FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
