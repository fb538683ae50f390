using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Storage;

/// <summary>`feedhub db copy`: a SQLite store moved into PostgreSQL with nothing lost, and never into a store that holds data.</summary>
public sealed class StoreCopyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory dir = new();

    [SkippableFact]
    public void Every_row_reaches_PostgreSQL_and_the_copy_reads_and_searches_as_the_original()
    {
        var sqlite = SqliteWithTwoPolls();
        var postgres = new Database(new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = Postgres.CreateDatabase() });

        var copied = StoreCopy.Copy(sqlite, postgres);

        Assert.Equal(3, copied["articles"]);
        Assert.Equal(1, copied["article_tombstones"]);
        Assert.Equal(2, copied["source_polls"]);
        Assert.Equal(3, copied["article_headings"]);
        var (before, after) = (new ArticleStore(sqlite), new ArticleStore(postgres));
        Assert.Equal(Json(before.FindLatest("world", 10)), Json(after.FindLatest("world", 10)));
        Assert.Equal(3, after.FindLatest("world", 10).SelectMany(a => a.Enclosures).Count());
        Assert.Equal(["Harbour cranes stop"], after.Search("cranes", 10).Select(h => h.Article.Title));
        Assert.Equal(new PollHistory(sqlite).FindRecent("news", 10), new PollHistory(postgres).FindRecent("news", 10));
        new PollHistory(postgres).Record(new PollRecord("news", Now, PollResult.Ok, 200, 1, TimeSpan.Zero, 0, null)); // ids carry on after the copied ones
        Assert.Equal(3, new PollHistory(postgres).FindRecent("news", 10).Count);
        Assert.Equal(new SectionChanges(sqlite).For(["world"]).Version, new SectionChanges(postgres).For(["world"]).Version);
    }

    [SkippableFact]
    public void A_target_that_holds_data_is_refused_and_left_as_it_was()
    {
        var sqlite = SqliteWithTwoPolls();
        var postgres = new Database(new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = Postgres.CreateDatabase() });
        StoreCopy.Copy(sqlite, postgres);

        var error = Assert.Throws<InvalidOperationException>(() => StoreCopy.Copy(sqlite, postgres));

        Assert.Contains("the target store is not empty", error.Message);
        Assert.Equal(3, new ArticleStore(postgres).Count());
    }

    private Database SqliteWithTwoPolls()
    {
        var database = new Database(new StoreOptions { Path = dir.File("feedhub.db") });
        database.Migrate();
        var source = new Source("news", new Uri("https://news.example/feed"), "News", ["world"], TimeSpan.FromMinutes(5), true);
        var polls = new PollStore(database);
        polls.Save(new PollSave(source, SourceState.New("news"), [Article("old", "Old story", Now.AddDays(-90)), Article("g1", "Harbour cranes stop", Now)], [],
            new PollRecord("news", Now, PollResult.Ok, 200, 100, TimeSpan.FromMilliseconds(5), 0, null)));
        polls.Save(new PollSave(source, SourceState.New("news"), [Article("g2", "Rail strike ends", Now.AddHours(-1)), Article("g3", "Markets calm", Now.AddHours(-2))], [],
            new PollRecord("news", Now, PollResult.Ok, 200, 100, TimeSpan.FromMilliseconds(5), 0, null)));
        new ArticleStore(database).Purge(Now.AddDays(-30), null, Now);
        return database;
    }

    private static Article Article(string guid, string title, DateTimeOffset published) => new()
    {
        Id = StableId.ForArticle("news", guid),
        SourceId = "news",
        Guid = guid,
        Url = new Uri($"https://news.example/{guid}"),
        Title = title,
        Published = published,
        ContentText = title + ", the text.",
        Extraction = ExtractionOutcome.Extracted,
        FetchedAt = Now,
        Headings = [new Heading(2, "Part")],
        Sections = [new ArticleSection("world", "source")],
        Enclosures = [new FeedEnclosure("https://news.example/a.mp3", "audio/mpeg", 1234)],
    };

    /// <summary>Everything an article list holds, as text (records holding lists compare them by reference).</summary>
    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    public void Dispose() => dir.Dispose();
}
