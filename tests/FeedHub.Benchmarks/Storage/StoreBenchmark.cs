using System.Diagnostics;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using Microsoft.Data.Sqlite;

namespace FeedHub.Benchmarks.Storage;

/// <summary>
/// The store at scale: N generated articles (default 1,000,000) in 10 sections from 500 sources, then the
/// reads readers and scripts make: the latest 50 of a section, a full-text query, and bytes per article.
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
        var dir = Directory.CreateTempSubdirectory("feedhub-store-bench-");
        try
        {
            var database = new Database(new StoreOptions { Path = Path.Combine(dir.FullName, "bench.db") });
            database.Migrate();
            var watch = Stopwatch.StartNew();
            Generate(database, count);
            Console.WriteLine($"generated {count:N0} articles in {watch.Elapsed.TotalSeconds:0.0} s");
            using (var connection = database.Open())
            using (var checkpoint = connection.CreateCommand())
            {
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;";
                checkpoint.ExecuteNonQuery();
            }
            var bytes = new FileInfo(database.FilePath).Length;
            Console.WriteLine($"store file {bytes / 1024 / 1024} MiB: {bytes / count} bytes per article (100 words of text, the same as HTML, 3 headings, 1 section, 1 source, full-text index)");

            var store = new ArticleStore(database);
            Time("latest 50 of a section", () => store.FindLatest("section-3", 50).Count, target: 5);
            Time("latest 50 of a section, page 2", () => store.Find(new ArticleQuery { Sections = ["section-3"], Limit = 50,
                After = ArticleStore.CursorAfter(store.FindLatest("section-3", 50)[^1]) }).Count, target: 5);
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
        }
        return 0;
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
        const int batch = 20_000;
        for (var done = 0; done < count; done += batch)
        {
            using var transaction = connection.BeginTransaction();
            using var source = Command(connection, transaction, "INSERT OR IGNORE INTO sources (id, url, name) VALUES ($id, $url, $id)");
            for (var s = 0; s < 500 && done == 0; s++)
            {
                source.Parameters["$id"].Value = "source-" + s;
                source.Parameters["$url"].Value = $"https://s{s}.example/feed";
                source.ExecuteNonQuery();
            }
            using var article = Command(connection, transaction, """
                INSERT INTO articles (id, source_id, guid, url, title, published_at, sort_date, author, content_html, content_text,
                                      extraction_status, fetched_at, word_count, reading_minutes)
                VALUES ($id, $source, $guid, $url, $title, $date, $date, 'Staff', $html, $text, 'extracted', $date, 100, 1)
                """);
            using var section = Command(connection, transaction, "INSERT INTO article_sections (article_id, section, origin, sort_date) VALUES ($id, $section, 'source', $date)");
            using var heading = Command(connection, transaction, "INSERT INTO article_headings (article_id, position, level, text) VALUES ($id, $position, 2, $text)");
            using var membership = Command(connection, transaction, "INSERT INTO article_sources (source_id, guid, article_id, added_at, url, title) VALUES ($source, $guid, $id, $date, $url, $title)");
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var sourceId = "source-" + (i % 500);
                var id = StableId.ForArticle(sourceId, "g" + i);
                var date = start.AddSeconds(i * 30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
                var text = Sentence(random, 100);
                Set(article, ("$id", id), ("$source", sourceId), ("$guid", "g" + i), ("$url", $"https://s{i % 500}.example/{i}"),
                    ("$title", Sentence(random, 8)), ("$date", date), ("$html", "<p>" + text + "</p>"), ("$text", text));
                article.ExecuteNonQuery();
                Set(membership, ("$source", sourceId), ("$guid", "g" + i), ("$id", id), ("$date", date), ("$url", article.Parameters["$url"].Value!), ("$title", article.Parameters["$title"].Value!));
                membership.ExecuteNonQuery();
                Set(section, ("$id", id), ("$section", "section-" + (i % 10)), ("$date", date));
                section.ExecuteNonQuery();
                for (var h = 1; h <= 3; h++)
                {
                    Set(heading, ("$id", id), ("$position", h), ("$text", Sentence(random, 4)));
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

    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$\w+").Select(m => m.Value).Distinct())
            command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static void Set(System.Data.Common.DbCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values) command.Parameters[name].Value = value;
    }
}
