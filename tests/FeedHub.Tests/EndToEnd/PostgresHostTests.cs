using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Npgsql;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The real host on a PostgreSQL store (issue 19): it migrates a fresh database, polls a loopback feed, serves the
/// section feed and the search API from PostgreSQL, and a change written by another worker's connection is served
/// within a second.
/// </summary>
public sealed class PostgresHostTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private LoopbackServer upstream = null!;
    private RunningHost? host;
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        if (!Postgres.IsAvailable && Environment.GetEnvironmentVariable("FEEDHUB_REQUIRE_POSTGRES") != "1") return;
        connectionString = Postgres.CreateDatabase();
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("g1", "Harbour cranes stop", upstream.Url("missing1"), "<p>Dock workers walked out at dawn, the cranes idle.</p>",
                new DateTimeOffset(2025, 1, 5, 12, 0, 0, TimeSpan.Zero)),
            new Feeds.Item("g2", "Rail strike ends", upstream.Url("missing2"), "<p>Trains run again after a week of talks.</p>",
                new DateTimeOffset(2025, 1, 4, 12, 0, 0, TimeSpan.Zero))), "application/rss+xml");
        host = await RunningHost.StartAsync(TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:00:01")),
            new Dictionary<string, string?> { ["Store:Provider"] = "postgres", ["Store:ConnectionString"] = connectionString });
        await Eventually.TrueAsync(() => host.Get<ArticleStore>().Count() == 2);
    }

    [SkippableFact]
    public async Task The_host_polls_into_PostgreSQL_and_serves_the_section_feed_and_search()
    {
        Postgres.Require();

        var atom = await http.GetStringAsync(host!.Url("feeds/world-defense.atom"));
        var search = await http.GetStringAsync(host.Url("api/search?q=cranes"));

        Assert.Equal(StoreProvider.Postgres, host.Get<Database>().Provider);
        Assert.True(atom.IndexOf("Harbour cranes stop", StringComparison.Ordinal) < atom.IndexOf("Rail strike ends", StringComparison.Ordinal));
        Assert.Contains("Harbour cranes stop", search);
        Assert.DoesNotContain("Rail strike ends", search);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM source_polls WHERE worker = @worker", connection);
        command.Parameters.AddWithValue("worker", host.Get<Database>().WorkerId);
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1);
    }

    [SkippableFact]
    public async Task A_change_written_by_another_worker_is_served_within_a_second()
    {
        Postgres.Require();
        Assert.Contains("Harbour cranes stop", await http.GetStringAsync(host!.Url("feeds/world-defense.atom"))); // now cached

        await using (var other = new NpgsqlConnection(connectionString))
        {
            await other.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE articles SET title = 'Corrected elsewhere' WHERE guid = 'g1'", other);
            await command.ExecuteNonQueryAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Contains("Corrected elsewhere", await http.GetStringAsync(host.Url("feeds/world-defense.atom")));
        Assert.Contains("Corrected elsewhere", await http.GetStringAsync(host.Url("feeds/all.json")));
    }

    public async Task DisposeAsync()
    {
        if (host is not null) await host.DisposeAsync();
        if (upstream is not null) await upstream.DisposeAsync();
    }

    public void Dispose()
    {
        http.Dispose();
        dir.Dispose();
    }
}
