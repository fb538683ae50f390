using System.Diagnostics;
using System.Globalization;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using Microsoft.Data.Sqlite;

namespace FeedHub.Benchmarks.Storage;

/// <summary>
/// The store at scale: N generated articles (default 1,000,000) in 10 sections from 500 sources, then the
/// reads readers and scripts make: the latest 50 of a section, a full-text query, and bytes per article.
/// On SQLite by default; with --postgres "connection string" (a server role that may create databases) on a new
/// PostgreSQL database, dropped at the end.
/// </summary>
public static class StoreBenchmark
{
    private static readonly string[] Words =
    [
        "missile", "defense", "election", "budget", "climate", "harbour", "railway", "market", "court", "vaccine", "satellite",
        "festival", "drought", "factory", "treaty", "museum", "border", "energy", "housing", "school", "research", "transport",
        "ministry", "council", "airport", "wildlife", "football", "orchestra", "software", "hospital", "river", "mountain",
    ];

    public static int Run(string[] args)
    {
        var count = args.SkipWhile(a => a != "--articles").Skip(1).Select(int.Parse).FirstOrDefault(1_000_000);
        var server = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        var dir = Directory.CreateTempSubdirectory("feedhub-store-bench-");
        var postgresName = "feedhub_store_bench_" + Environment.ProcessId;
        try
        {
            var database = server is null
                ? new Database(new StoreOptions { Path = Path.Combine(dir.FullName, "bench.db") })
                : new Database(new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = CreatePostgresDatabase(server, postgresName) });
            Console.WriteLine($"store: {database.Describe}");
            database.Migrate();
            var watch = Stopwatch.StartNew();
            Generate(database, count);
            Console.WriteLine($"generated {count:N0} articles in {watch.Elapsed.TotalSeconds:0.0} s");
            using (var connection = database.Open())
            using (var checkpoint = connection.CreateCommand())
            {
                checkpoint.CommandText = server is null ? "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;" : "VACUUM ANALYZE";
                checkpoint.CommandTimeout = 0;
                checkpoint.ExecuteNonQuery();
            }
            var bytes = server is null ? new FileInfo(database.FilePath).Length : PostgresDatabaseSize(database);
            Console.WriteLine($"store file {bytes / 1024 / 1024} MiB: {bytes / count} bytes per article (100 words of text, the same as HTML, 3 headings, 1 section, 1 source, full-text index)");

            var store = new ArticleStore(database);
            Time("latest 50 of a section", () => store.FindLatest("section-3", 50).Count, target: 5);
            Time("latest 50 of a section, page 2", () => store.Find(new ArticleQuery
            {
                Sections = ["section-3"], Limit = 50,
                After = ArticleStore.CursorAfter(store.FindLatest("section-3", 50)[^1])
            }).Count, target: 5);
            Time("latest 50 of all", () => store.FindLatest(null, 50).Count, target: 5);
            Time("latest 50 of a source", () => store.Find(new ArticleQuery { SourceId = "source-7", Limit = 50 }).Count, target: 50);
            Time("known guids of a 50-item poll", () => store.FindKnownGuids("source-7", Enumerable.Range(0, 50).Select(i => "g" + (7 + 500 * i))).Count, target: 5);
            Time("full-text, newest 50 with 'harbour railway'", () => store.Find(new ArticleQuery { Text = "harbour railway", Limit = 50 }).Count, target: 50);
            Time("full-text, best 20 for 'harbour railway'", () => store.Search("harbour railway", 20).Count, target: 50);
            Time("full-text, best 20 for a rare word", () => store.Search("orchestra wildlife mountain", 20).Count, target: 50);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
            if (server is not null) DropPostgresDatabase(server, postgresName);
        }
        return 0;
    }

    private static string CreatePostgresDatabase(string server, string name)
    {
        using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static void DropPostgresDatabase(string server, string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var connection = new Npgsql.NpgsqlConnection(server);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static long PostgresDatabaseSize(Database database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_database_size(current_database())";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Time(string what, Func<int> query, double target)
    {
        query(); // warm the page cache
        var times = new List<double>();
        var found = 0;
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            found = query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  {what,-45} median {times[10],7:0.00} ms  best {times[0],7:0.00} ms  ({found} rows; target < {target} ms)");
    }

    /// <summary>Rows straight into the tables in big transactions: the triggers keep the full-text index as a poll would.</summary>
    private static void Generate(Database database, int count)
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var connection = database.Open();
        var postgres = database.Provider == StoreProvider.Postgres;
        if (postgres) // generated rows need no section_changes rows: leave the triggers out of the load, as a copy would
            using (var off = connection.CreateCommand())
            {
                off.CommandText = "ALTER TABLE article_sections DISABLE TRIGGER USER; ALTER TABLE article_sources DISABLE TRIGGER USER;";
                off.ExecuteNonQuery();
            }
        const int batch = 20_000;
        for (var done = 0; done < count; done += batch)
        {
            using var transaction = connection.BeginTransaction();
            using var source = Command(connection, transaction, "INSERT INTO sources (id, url, name) VALUES (@id, @url, @id) ON CONFLICT DO NOTHING", postgres);
            for (var s = 0; s < 500 && done == 0; s++)
            {
                Set(source, ("@id", "source-" + s), ("@url", $"https://s{s}.example/feed"));
                source.ExecuteNonQuery();
            }
            using var article = Command(connection, transaction, """
                INSERT INTO articles (id, source_id, guid, url, title, published_at, sort_date, author, content_html, content_text,
                                      extraction_status, fetched_at, word_count, reading_minutes)
                VALUES (@id, @source, @guid, @url, @title, @date, @date, 'Staff', @html, @text, 'extracted', @date, 100, 1)
                """, postgres);
            using var section = Command(connection, transaction, "INSERT INTO article_sections (article_id, section, origin, sort_date) VALUES (@id, @section, 'source', @date)", postgres);
            using var heading = Command(connection, transaction, "INSERT INTO article_headings (article_id, position, level, text) VALUES (@id, @position, 2, @text)", postgres);
            using var membership = Command(connection, transaction, "INSERT INTO article_sources (source_id, guid, article_id, added_at, url, title) VALUES (@source, @guid, @id, @date, @url, @title)", postgres);
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var sourceId = "source-" + (i % 500);
                var id = StableId.ForArticle(sourceId, "g" + i);
                var date = start.AddSeconds(i * 30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var text = Sentence(random, 100);
                var (url, title) = ($"https://s{i % 500}.example/{i}", Sentence(random, 8));
                Set(article, ("@id", id), ("@source", sourceId), ("@guid", "g" + i), ("@url", url),
                    ("@title", title), ("@date", date), ("@html", "<p>" + text + "</p>"), ("@text", text));
                article.ExecuteNonQuery();
                Set(membership, ("@source", sourceId), ("@guid", "g" + i), ("@id", id), ("@date", date), ("@url", url), ("@title", title));
                membership.ExecuteNonQuery();
                Set(section, ("@id", id), ("@section", "section-" + (i % 10)), ("@date", date));
                section.ExecuteNonQuery();
                for (var h = 1; h <= 3; h++)
                {
                    Set(heading, ("@id", id), ("@position", h), ("@text", Sentence(random, 4)));
                    heading.ExecuteNonQuery();
                }
            }
            transaction.Commit();
        }
    }

    /// <summary>
    /// Text with a long tail of 50,000 distinct words, and the 32 topic words 1 time in 50, so that each topic
    /// word is in about 6% of articles, as a subject word is in a news archive (not in half of them).
    /// </summary>
    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => random.Next(50) == 0 ? Words[random.Next(Words.Length)] : "w" + random.Next(50_000)));

    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql,
        bool postgres)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct())
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        if (!postgres) command.Prepare(); // Npgsql prepares once the values give the parameters their types
        return command;
    }

    private static void Set(System.Data.Common.DbCommand command, params (string Name, object Value)[] values)
    {
        // Looked up by the name as given, not by the collection's indexer: Npgsql keeps a parameter's name without its '@'.
        foreach (var (name, value) in values)
            command.Parameters.Cast<System.Data.Common.DbParameter>().First(p => p.ParameterName == name).Value = value;
    }
}
