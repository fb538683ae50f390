using System.Diagnostics;
using System.Globalization;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using Microsoft.Data.Sqlite;

namespace FeedHub.Benchmarks.Storage;

/// <summary>
/// Syndicated copies: merge precision and recall over the labelled set (<see cref="SyndicationSet"/>, through the real
/// store), the closest pairs on either side of the thresholds, and what detection costs per stored article in a store of
/// N articles (default 1,000,000) beside the same inserts without it.
/// </summary>
public static class SyndicationBenchmark
{
    public static int Run(string[] args)
    {
        var count = args.SkipWhile(a => a != "--articles").Skip(1).Select(int.Parse).FirstOrDefault(1_000_000);
        var inWindow = args.SkipWhile(a => a != "--indexed").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
        var dir = Directory.CreateTempSubdirectory("feedhub-syndication-bench-");
        try
        {
            Quality(Path.Combine(dir.FullName, "labelled.db"));
            Cost(Path.Combine(dir.FullName, "cost.db"), count, Math.Min(inWindow, count));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
        return 0;
    }

    private static void Quality(string path)
    {
        var items = SyndicationSet.Items;
        var score = SyndicationScore.Measure(path, items);
        Console.WriteLine($"labelled set: {items.Count} items, {items.Select(i => i.Story).Distinct().Count()} stories, {score.Copies} copies to find");
        Console.WriteLine($"  precision {score.Precision:0.000} ({score.RightMerges} of {score.Merges} merges right; goal >= 0.99)");
        Console.WriteLine($"  recall    {score.Recall:0.000} ({score.RightMerges} of {score.Copies} copies merged; goal >= 0.9)");
        foreach (var mistake in score.Mistakes) Console.WriteLine("  " + mistake);
        // Where the thresholds sit: the least alike copies, and the most alike different stories.
        var texts = items.Select(i => StoryText.Of(i.Text)).ToList();
        var pairs = (from a in Enumerable.Range(0, items.Count)
                     from b in Enumerable.Range(0, items.Count)
                     where a < b && items[a].Outlet != items[b].Outlet && texts[a].IsComparable && texts[b].IsComparable
                     select (A: a, B: b, Same: items[a].Story == items[b].Story, Similarity: texts[a].SimilarityTo(texts[b]))).ToList();
        Console.WriteLine($"  comparable pairs: {pairs.Count(p => p.Same)} of one story, {pairs.Count(p => !p.Same)} of different stories");
        foreach (var p in pairs.Where(p => p.Same).OrderBy(p => p.Similarity).Take(5))
            Console.WriteLine($"    same story, least alike: {p.Similarity:0.000} {items[p.A].Story} {items[p.A].Outlet}/{items[p.B].Outlet}");
        foreach (var p in pairs.Where(p => !p.Same).OrderByDescending(p => p.Similarity).Take(5))
            Console.WriteLine($"    different, most alike:   {p.Similarity:0.000} {items[p.A].Story} / {items[p.B].Story}, {(texts[p.A].MatchCopyOf(texts[p.B]) is null ? "kept apart" : "MERGED")}");
    }

    /// <summary>
    /// A store of <paramref name="count"/> articles, the newest <paramref name="indexed"/> of them stored within the copy
    /// window (their bands indexed), then new articles stored one poll transaction each, alternately with detection and
    /// without (no window), half of them copies of an indexed text.
    /// </summary>
    private static void Cost(string path, int count, int indexed)
    {
        var database = new Database(new StoreOptions { Path = path });
        database.Migrate();
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        var texts = Generate(database, count, indexed, now);
        Console.WriteLine($"store: {count:N0} articles, {indexed:N0} of them within the window and indexed, generated in {watch.Elapsed.TotalSeconds:0} s; "
                          + $"file {new FileInfo(path).Length / 1024 / 1024} MiB, of which the band index {IndexBytes(database) / indexed} bytes per indexed article");
        var random = new Random(7);
        var with = new List<double>();
        var without = new List<double>();
        var merged = 0;
        const int rounds = 400;
        for (var i = 0; i < rounds * 2; i++)
        {
            var detect = i % 2 == 0;
            var text = i % 4 < 2 ? texts[i / 2 % texts.Count] : StoreText(random, 300); // each copied text once: a source joins a story once
            var article = new Article
            {
                Id = StableId.ForArticle("new-source", "n" + i), SourceId = "new-source", Guid = "n" + i,
                Url = new Uri("https://new.example/" + i), Title = "New " + i, ContentText = text, ContentHtml = "<p>" + text + "</p>",
                Extraction = ExtractionOutcome.Extracted, FetchedAt = now.AddSeconds(i), Published = now.AddSeconds(i),
                Sections = [new ArticleSection("section-1", "source")], CopyWindow = detect ? TimeSpan.FromDays(3) : null,
            };
            var started = Stopwatch.GetTimestamp();
            var stored = 0;
            database.InTransaction(transaction => stored = ArticleStore.Insert(transaction, [article]));
            (detect ? with : without).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (detect && ReadArticleId(database, article) != article.Id) merged++;
        }
        with.Sort();
        without.Sort();
        Console.WriteLine($"insert of one article in its own transaction ({rounds} each, interleaved; half of those with detection are copies, {merged} merged):");
        Console.WriteLine($"  without detection: median {without[rounds / 2]:0.00} ms, p90 {without[rounds * 9 / 10]:0.00} ms");
        Console.WriteLine($"  with detection:    median {with[rounds / 2]:0.00} ms, p90 {with[rounds * 9 / 10]:0.00} ms  (cost {with[rounds / 2] - without[rounds / 2]:0.00} ms per article)");
        var texting = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++) StoryText.Of(texts[i % texts.Count]).Bands();
        Console.WriteLine($"  of which shingling and MinHash of a 300-word text: {texting.Elapsed.TotalMilliseconds / 200:0.000} ms");
    }

    /// <summary>The band table and its date index on their own: copied into an empty file, whose size is then theirs.</summary>
    private static long IndexBytes(Database database)
    {
        var copy = database.FilePath + ".bands";
        using (var connection = database.Open())
        using (var command = connection.Command("""
            ATTACH $copy AS copy;
            CREATE TABLE copy.article_text_bands (band INTEGER NOT NULL, article_id TEXT NOT NULL, stored_at INTEGER NOT NULL,
                                                  PRIMARY KEY (band, article_id)) STRICT, WITHOUT ROWID;
            CREATE INDEX copy.article_text_bands_by_date ON article_text_bands (stored_at);
            INSERT INTO copy.article_text_bands SELECT band, article_id, stored_at FROM main.article_text_bands ORDER BY band, article_id;
            DETACH copy;
            """).With("$copy", copy))
            command.ExecuteNonQuery();
        return new FileInfo(copy).Length;
    }

    private static string? ReadArticleId(Database database, Article article)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT article_id FROM article_sources WHERE source_id = $s AND guid = $g";
        ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("$s", article.SourceId);
        ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("$g", article.Guid);
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// Rows straight into the tables (as the store benchmark does), the newest <paramref name="indexed"/> with their bands;
    /// a sample of the indexed texts is returned to be copied.
    /// </summary>
    private static List<string> Generate(Database database, int count, int indexed, DateTimeOffset now)
    {
        var random = new Random(42);
        var sample = new List<string>();
        using var connection = database.Open();
        const int batch = 20_000;
        for (var done = 0; done < count; done += batch)
        {
            using var transaction = connection.BeginTransaction();
            foreach (var id in Enumerable.Range(0, done == 0 ? 500 : 0).Select(s => "source-" + s).Append("new-source"))
            {
                using var source = connection.Command("INSERT OR IGNORE INTO sources (id, url, name) VALUES ($id, 'https://s.example/', $id)", transaction)
                    .With("$id", id);
                source.ExecuteNonQuery();
            }
            using var article = connection.Command("""
                INSERT INTO articles (id, source_id, guid, url, title, published_at, sort_date, content_text, extraction_status, fetched_at, word_count)
                VALUES ($id, $source, $guid, $url, $title, $date, $date, $text, 'extracted', $date, 300)
                """, transaction);
            using var membership = connection.Command(
                "INSERT INTO article_sources (source_id, guid, article_id, added_at, url, title) VALUES ($source, $guid, $id, $date, $url, $title)", transaction);
            using var band = connection.Command("INSERT OR IGNORE INTO article_text_bands (band, article_id, stored_at) VALUES ($band, $id, $date)", transaction);
            foreach (var c in new[] { article, membership, band })
                foreach (var name in new[] { "$id", "$source", "$guid", "$url", "$title", "$date", "$text", "$band" })
                    if (c.CommandText.Contains(name)) c.Parameters.Add(new SqliteParameter(name, null));
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var isIndexed = i >= count - indexed;
                // The newest `indexed` articles spread over the last 2 days; the rest before the window.
                var date = isIndexed ? now.AddDays(-2).AddSeconds((i - (count - indexed)) * (2 * 86400.0 / indexed))
                                     : now.AddDays(-3).AddMinutes(-(count - indexed - i));
                var text = StoreText(random, isIndexed ? 300 : 100);
                Bind(article, ("$id", StableId.ForArticle("source-" + i % 500, "g" + i)), ("$source", "source-" + i % 500), ("$guid", "g" + i),
                    ("$url", $"https://s{i % 500}.example/{i}"), ("$title", "Story " + i), ("$date", date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), ("$text", text));
                article.ExecuteNonQuery();
                Bind(membership, ("$source", article.Parameters["$source"].Value!), ("$guid", "g" + i), ("$id", article.Parameters["$id"].Value!),
                    ("$date", article.Parameters["$date"].Value!), ("$url", article.Parameters["$url"].Value!), ("$title", article.Parameters["$title"].Value!));
                membership.ExecuteNonQuery();
                if (!isIndexed) continue;
                foreach (var key in StoryText.Of(text).Bands())
                {
                    Bind(band, ("$band", key), ("$id", article.Parameters["$id"].Value!), ("$date", date.ToUnixTimeSeconds()));
                    band.ExecuteNonQuery();
                }
                if (sample.Count < 1000 && random.Next(Math.Max(1, indexed / 1000)) == 0) sample.Add(text);
            }
            transaction.Commit();
        }
        using (var checkpoint = connection.Command("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")) checkpoint.ExecuteNonQuery();
        return sample;
    }

    /// <summary>News-like text: a vocabulary of 50,000 words with a Zipf-like head (so common shingles exist), in paragraphs.</summary>
    private static string StoreText(Random random, int words)
    {
        var parts = new string[words];
        for (var i = 0; i < words; i++)
        {
            var rank = (int)Math.Min(49_999, Math.Floor(Math.Exp(random.NextDouble() * Math.Log(50_000))));
            parts[i] = "w" + rank + (i % 50 == 49 ? "\n\n" : "");
        }
        return string.Join(' ', parts);
    }

    private static void Bind(System.Data.Common.DbCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values) command.Parameters[name].Value = value;
    }
}
