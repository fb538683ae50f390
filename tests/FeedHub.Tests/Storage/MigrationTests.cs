using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.Storage;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly Database database;

    public MigrationTests() => database = new Database(new StoreOptions { Path = dir.File("sub/feedhub.db") });

    [Fact]
    public void A_new_file_is_created_in_WAL_mode_at_the_latest_version_with_every_table()
    {
        var version = database.Migrate();

        Assert.Equal(Database.LatestVersion, version);
        Assert.True(File.Exists(dir.File("sub/feedhub.db")));
        using var connection = database.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        var tables = Column(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'articles_fts_%' ORDER BY name");
        Assert.Equal(["article_enclosures", "article_headings", "article_section_candidates", "article_sections", "article_sources", "article_text_bands", "article_tombstones", "articles", "articles_fts", "section_changes", "source_polls", "sources"], tables);
    }

    [Fact]
    public void Migrating_again_changes_nothing_and_keeps_the_data()
    {
        database.Migrate();
        database.InTransaction(tx => Insert(tx, "guid-1"));

        var version = database.Migrate();

        Assert.Equal(Database.LatestVersion, version);
        Assert.Equal(1L, new ArticleStore(database).Count());
    }

    [Fact]
    public void A_database_at_version_1_is_upgraded_and_keeps_its_rows()
    {
        Directory.CreateDirectory(dir.File("sub"));
        using (var connection = database.Open())
        {
            Scalar(connection, Migrations.All[0].Sql + "\nPRAGMA user_version = 1;");
            Scalar(connection, """
                INSERT INTO sources (id, url, name) VALUES ('old', 'https://old.example/feed', 'Old');
                INSERT INTO articles (id, source_id, guid, title, sort_date, extraction_status, fetched_at)
                VALUES ('a1', 'old', 'g1', 'Kept', '2024-01-01T00:00:00Z', 'extracted', '2024-01-01T00:00:00Z');
                """);
        }

        var version = database.Migrate();

        Assert.Equal(Database.LatestVersion, version);
        using var after = database.Open();
        Assert.Equal("Kept", Scalar(after, "SELECT title FROM articles WHERE id = 'a1'"));
        Assert.Equal(0L, Scalar(after, "SELECT redirect_count FROM sources WHERE id = 'old'"));
        Assert.Equal(DBNull.Value, Scalar(after, "SELECT word_count FROM articles WHERE id = 'a1'"));
        Assert.Equal("a1", Scalar(after, "SELECT a.id FROM articles a JOIN articles_fts f ON f.rowid = a.rowid WHERE articles_fts MATCH 'kept'"));
        // Schema 8: the article belongs to its source through article_sources, so a re-poll still knows its guid.
        Assert.Equal("a1", Scalar(after, "SELECT article_id FROM article_sources WHERE source_id = 'old' AND guid = 'g1'"));
        Assert.Equal("Kept", new ArticleStore(database).FindKnownGuids("old", ["g1", "g2"]).Single().Value.Title);
        Assert.Equal("old", Scalar(after, "SELECT sources FROM v_articles WHERE id = 'a1'"));
    }

    [Fact]
    public void The_same_source_and_guid_are_stored_once()
    {
        database.Migrate();

        database.InTransaction(tx => Assert.Equal(1, Insert(tx, "guid-1")));
        database.InTransaction(tx => Assert.Equal(0, Insert(tx, "guid-1")));

        using var connection = database.Open();
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM articles"));
        Assert.Equal(2L, Scalar(connection, "SELECT count(*) FROM article_headings"));
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM article_sections"));
    }

    [Fact]
    public void A_database_from_a_newer_FeedHub_is_refused_untouched()
    {
        database.Migrate();
        using (var connection = database.Open())
            Scalar(connection, $"PRAGMA user_version = {Database.LatestVersion + 1}");

        var error = Assert.Throws<InvalidOperationException>(() => database.Migrate());

        Assert.Contains($"schema version {Database.LatestVersion + 1}, newer than this FeedHub knows", error.Message);
        Assert.Equal(Database.LatestVersion + 1, database.ReadVersion());
    }

    private static int Insert(System.Data.Common.DbTransaction transaction, string guid)
    {
        var source = new Source("s1", new Uri("https://example.com/feed"), "S1", ["news"], TimeSpan.FromMinutes(5), true);
        SourceStore.Save(transaction, source, SourceState.New("s1"));
        return ArticleStore.Insert(transaction, [new Article
        {
            Id = StableId.ForArticle("s1", guid),
            SourceId = "s1",
            Guid = guid,
            Title = "Title",
            Extraction = ExtractionOutcome.Extracted,
            FetchedAt = DateTimeOffset.UtcNow,
            Headings = [new Heading(2, "One"), new Heading(3, "Two")],
            Sections = [new ArticleSection("news", "source")],
        }]);
    }

    private static object? Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<string> Column(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    public void Dispose() => dir.Dispose();
}
