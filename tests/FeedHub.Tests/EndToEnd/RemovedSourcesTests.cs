using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A source removed from the config keeps its row in the sources table (its articles point at it), marked with
/// removed_at (schema 15), so that scripts asking what is failing can leave it out (issue 17 item 9); a source that
/// comes back is unmarked. The real host, its file watcher and the real store.
/// </summary>
public sealed class RemovedSourcesTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task A_removed_source_is_marked_in_the_store_and_unmarked_when_it_comes_back()
    {
        // Both addresses refuse connections: each poll fails at once and leaves a row with a last error.
        var config = TestConfig.Write(dir, ("kept", new Uri("http://127.0.0.1:9/kept.xml"), "01:00:00"), ("gone", new Uri("http://127.0.0.1:9/gone.xml"), "01:00:00"));
        await using var host = await RunningHost.StartAsync(config);
        await Eventually.TrueAsync(() => host.Get<SourceStore>().FindAllStates().Values.Count(s => s.LastError is not null) == 2);
        Assert.Equal(["kept", "gone"], Failing());

        SourcesFile.Remove(config, "gone");
        await Eventually.TrueAsync(() => Failing().SequenceEqual(["kept"]));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM sources")); // the row stays, with its last state
        Assert.NotNull(Scalar("SELECT removed_at FROM sources WHERE id = 'gone'"));

        SourcesFile.Add(config, new SourceOptions { Id = "gone", Url = "http://127.0.0.1:9/gone.xml", Sections = [TestConfig.Section] });
        await Eventually.TrueAsync(() => Failing().Count == 2);
        Assert.Null(Scalar("SELECT removed_at FROM sources WHERE id = 'gone'"));
    }

    /// <summary>The README's query for failing sources, which leaves removed ones out.</summary>
    private List<string> Failing()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM sources WHERE last_error IS NOT NULL AND removed_at IS NULL ORDER BY id DESC";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    private object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is { } value and not DBNull ? value : null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={dir.File("feedhub.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public void Dispose() => dir.Dispose();
}
