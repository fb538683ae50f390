using System.Data.Common;
using System.Globalization;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Storage;

/// <summary>
/// What the store promises, on each provider: one test class, run once on a real SQLite file
/// (<see cref="SqliteStoreTests"/>) and once on a real PostgreSQL database of its own (<see cref="PostgresStoreTests"/>).
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly Source News = new("news-feed", new Uri("https://news.example/feed"), "News", ["world"], TimeSpan.FromMinutes(5), true);

    private Database? opened;

    /// <summary>The options of an empty store of this provider.</summary>
    protected abstract StoreOptions CreateStore();

    protected Database Database => opened ??= Migrated(CreateStore());

    private static Database Migrated(StoreOptions options)
    {
        var database = new Database(options) { WorkerId = "worker-a" };
        database.Migrate();
        return database;
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    [SkippableFact]
    public void Migrating_reaches_the_latest_version_and_again_changes_nothing()
    {
        Assert.Equal(Database.LatestVersion, Database.Migrate());
        Assert.Equal(Database.LatestVersion, Database.Migrate());
        Assert.Equal(16, Database.ReadVersion());
        Assert.Equal(0L, Scalar("SELECT count(*) FROM v_articles"));
    }

    [SkippableFact]
    public void A_saved_poll_stores_the_source_its_articles_their_sections_and_the_history_row_with_the_worker()
    {
        var saved = Save(Article("g1", "Harbour cranes stop", Now.AddHours(-2)), Article("g2", "Rail strike ends", Now.AddHours(-1)));

        Assert.Equal(2, saved.Stored);
        Assert.Equal("etag-1", new SourceStore(Database).FindState(News.Id)!.ETag);
        var latest = new ArticleStore(Database).FindLatest("world", 50);
        Assert.Equal(["Rail strike ends", "Harbour cranes stop"], latest.Select(a => a.Title));
        Assert.Equal([new Heading(2, "First part")], latest[0].Headings);
        Assert.Equal(["world"], latest[0].Sections.Select(s => s.Slug));
        Assert.Equal([News.Id], latest[0].SourceIds);
        var poll = Assert.Single(new PollHistory(Database).FindRecent(News.Id, 10));
        Assert.Equal((2, "worker-a", PollResult.Ok), (poll.NewArticles, poll.Worker, poll.Outcome));
        Assert.Equal("world", Scalar($"SELECT sections FROM v_articles WHERE id = '{latest[0].Id}'"));
    }

    [SkippableFact]
    public void The_same_poll_saved_again_stores_nothing_twice()
    {
        Save(Article("g1", "Harbour cranes stop", Now));

        var again = Save(Article("g1", "Harbour cranes stop", Now));

        Assert.Equal(0, again.Added);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM articles"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM article_sources"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM article_sections"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM article_headings"));
    }

    [SkippableFact]
    public void Pages_run_newest_first_by_section_and_by_source_and_continue_after_a_cursor()
    {
        Save(Enumerable.Range(1, 5).Select(i => Article($"g{i}", $"Story {i}", Now.AddMinutes(i - 10))).ToArray());
        var store = new ArticleStore(Database);

        var first = store.Find(new ArticleQuery { Sections = ["world"], Limit = 2 });
        var second = store.Find(new ArticleQuery { Sections = ["world"], Limit = 2, After = ArticleStore.CursorAfter(first[^1]) });
        var bySource = store.Find(new ArticleQuery { SourceId = News.Id, Limit = 3 });
        var since = store.Find(new ArticleQuery { Since = Now.AddMinutes(-6), Sections = ["world", "other"] });

        Assert.Equal(["Story 5", "Story 4"], first.Select(a => a.Title));
        Assert.Equal(["Story 3", "Story 2"], second.Select(a => a.Title));
        Assert.Equal(["Story 5", "Story 4", "Story 3"], bySource.Select(a => a.Title));
        Assert.Equal(["Story 5", "Story 4"], since.Select(a => a.Title));
        Assert.Equal(5L, store.Count(News.Id));
        Assert.Equal(5L, store.CountBySection()["world"]);
    }

    [SkippableFact]
    public void Search_finds_every_word_and_prefixes_ranks_titles_first_and_marks_the_words()
    {
        Save(Article("g1", "Weather report", Now, "The harbour was calm and the cranes were idle all morning."),
             Article("g2", "Harbour cranes stop", Now.AddMinutes(1), "Dock workers walked out at dawn."),
             Article("g3", "Markets", Now.AddMinutes(2), "Nothing about ports here."));
        var store = new ArticleStore(Database);

        var hits = store.Search("harbour cranes", 20);
        var prefixed = store.Search("harb*", 20);
        var filtered = store.Find(new ArticleQuery { Text = "dock" });

        Assert.Equal(["Harbour cranes stop", "Weather report"], hits.Select(h => h.Article.Title));
        Assert.True(hits[0].Rank < hits[1].Rank, "lower rank is better");
        Assert.Contains("[harbour]", hits[1].Snippet);
        Assert.Equal(2, prefixed.Count);
        Assert.Equal(["Harbour cranes stop"], filtered.Select(a => a.Title));
        Assert.Empty(store.Search("harbour markets", 20));
    }

    [SkippableFact]
    public void A_purge_deletes_old_articles_and_leaves_tombstones_so_a_repoll_does_not_bring_them_back()
    {
        Save(Article("old", "Old story", Now.AddDays(-40)), Article("new", "New story", Now));
        var store = new ArticleStore(Database);

        var purged = store.Purge(Now.AddDays(-30), null, Now);

        Assert.Equal(1, purged);
        Assert.Equal("2026-11-30T12:00:00Z", Scalar("SELECT purged_at FROM article_tombstones WHERE guid = 'old'"));
        Assert.Equal(["New story"], store.FindLatest(null, 10).Select(a => a.Title));
        Assert.True(store.FindKnownGuids(News.Id, ["old", "new", "unknown"]) is { Count: 2 } known && known["old"].ArticleId is null);
    }

    [SkippableFact]
    public void A_section_feed_changes_version_when_a_poll_stores_into_it()
    {
        using var changes = new SectionChanges(Database);
        var before = changes.For(["world"]);
        var untouched = changes.For(["sport"]);

        Save(Article("g1", "Harbour cranes stop", Now));
        Thread.Sleep(SectionChanges.RecheckInterval + TimeSpan.FromMilliseconds(50));

        Assert.NotEqual(before.Version, changes.For(["world"]).Version);
        Assert.Equal(untouched.Version, changes.For(["sport"]).Version);
    }

    [SkippableFact]
    public void Sources_that_left_the_config_are_marked_removed_and_cleared_when_they_come_back()
    {
        Save(Article("g1", "Story", Now));
        var sources = new SourceStore(Database);

        sources.MarkRemoved([], Now);
        var removed = Scalar("SELECT removed_at FROM sources");
        sources.MarkRemoved([News.Id], Now);

        Assert.Equal("2026-11-30T12:00:00Z", removed);
        Assert.Equal(DBNull.Value, Scalar("SELECT removed_at FROM sources") ?? DBNull.Value);
    }

    private PollSaved Save(params Article[] articles)
    {
        var state = SourceState.New(News.Id);
        state.RecordSuccess(Now, "etag-1", null);
        var history = new PollRecord(News.Id, Now, PollResult.Ok, 200, 1234, TimeSpan.FromMilliseconds(56), 0, null);
        return new PollStore(Database).Save(new PollSave(News, state, articles, [], history));
    }

    private static Article Article(string guid, string title, DateTimeOffset published, string text = "Some text.") => new()
    {
        Id = StableId.ForArticle(News.Id, guid),
        SourceId = News.Id,
        Guid = guid,
        Url = new Uri($"https://news.example/{guid}"),
        Title = title,
        Published = published,
        ContentText = text,
        Extraction = ExtractionOutcome.Extracted,
        FetchedAt = Now,
        Headings = [new Heading(2, "First part")],
        Sections = [new ArticleSection("world", "source")],
    };

    private object? Scalar(string sql)
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is int or long ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : value;
    }
}

public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempDirectory dir = new();

    protected override StoreOptions CreateStore() => new() { Path = dir.File("feedhub.db") };

    public override void Dispose()
    {
        dir.Dispose();
        base.Dispose();
    }
}

public sealed class PostgresStoreTests : StoreContractTests
{
    protected override StoreOptions CreateStore() =>
        new() { Provider = StoreProvider.Postgres, ConnectionString = Postgres.CreateDatabase() };

    [SkippableFact]
    public void Workers_starting_together_migrate_once_and_all_find_the_schema_current()
    {
        var connectionString = Postgres.CreateDatabase();
        var versions = Enumerable.Range(0, 6).AsParallel().WithDegreeOfParallelism(6)
            .Select(_ => new Database(new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = connectionString }).Migrate())
            .ToList();

        Assert.All(versions, v => Assert.Equal(Database.LatestVersion, v));
        var database = new Database(new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = connectionString });
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_version";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [SkippableFact]
    public void A_query_over_its_budget_is_stopped_on_the_server_and_the_connection_serves_the_next()
    {
        using var connection = Database.Open();
        using var command = connection.Command("SELECT pg_sleep(10)");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var stopped = Assert.Throws<TimeoutException>(() =>
            Database.Dialect.Bounded(command, TimeSpan.FromMilliseconds(200), CancellationToken.None, () => command.ExecuteScalar()));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {watch.Elapsed}");
        Assert.Contains("ran over its time budget of 0.2 s", stopped.Message);
        using var next = connection.Command("SELECT 1");
        Assert.Equal(1, next.ExecuteScalar());
    }

    [SkippableFact]
    public void A_query_whose_caller_gives_up_is_stopped()
    {
        using var connection = Database.Open();
        using var command = connection.Command("SELECT pg_sleep(10)");
        using var gaveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Database.Dialect.Bounded(command, TimeSpan.FromMinutes(1), gaveUp.Token, () => command.ExecuteScalar()));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {watch.Elapsed}");
    }

    [SkippableFact]
    public void An_unreachable_server_is_named_in_one_line()
    {
        Postgres.Require();
        var database = new Database(new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = "Host=127.0.0.1;Port=1;Username=x;Timeout=2" });

        var error = Assert.Throws<InvalidOperationException>(() => database.Migrate());

        Assert.StartsWith("PostgreSQL at 127.0.0.1:1 (database x): can't be reached", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
