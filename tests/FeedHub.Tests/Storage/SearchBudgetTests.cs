using System.Globalization;
using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Storage;

/// <summary>
/// What one search may cost: the words a query may hold, and the time budget that interrupts SQLite on a query
/// that is allowed but slow (four prefix words over a thousand articles of a hundred thousand distinct words).
/// </summary>
public sealed class SearchBudgetTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly Database database;

    public SearchBudgetTests()
    {
        database = new Database(new StoreOptions { Path = dir.File("feedhub.db") });
        database.Migrate();
    }

    [Theory]
    [InlineData("missile defense", null)]
    [InlineData("baltic* nato", null)]
    [InlineData("a* b*", "'a*' is too short a prefix")]
    [InlineData("x-ab*", "'x-ab*' is too short a prefix")]
    [InlineData("abc* bcd* cde* def* efg*", "it has 5 prefix words (ending in *); a search takes at most 4")]
    [InlineData("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty 21", "it has 21 words")]
    [InlineData("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u", "it has 21 words")] // one word to the eye, 21 to the tokenizer
    public void A_query_holds_a_bounded_number_of_words_and_prefixes(string text, string? refusal)
    {
        var reason = SearchText.Refuse(text);
        if (refusal is null) Assert.Null(reason);
        else Assert.Contains(refusal, reason);
    }

    [Fact]
    public void Four_hundred_prefix_words_are_refused_before_they_reach_the_index()
    {
        var text = string.Join(' ', Enumerable.Repeat("a*", 400));

        Assert.Contains("it has 400 words; a search takes at most 20", SearchText.Refuse(text));
        Assert.Throws<ArgumentException>(() => new ArticleStore(database).Search(text, 20));
    }

    [Fact]
    public void A_slow_search_is_interrupted_when_its_budget_runs_out()
    {
        StoreManyDistinctWords();
        // A budget well under what the query takes even on a quiet machine (at 200 ms it once finished in time).
        var store = new ArticleStore(database) { SearchBudget = TimeSpan.FromMilliseconds(20) };

        var stopped = Assert.Throws<TimeoutException>(() => store.Search("abc* abc* abc* abc*", 20));
        Assert.Contains("ran over its time budget of 0.02 s", stopped.Message);
        Assert.Throws<TimeoutException>(() => store.Find(new ArticleQuery { Text = "abc* abc* abc* abc*" }));
        // The connection goes back to the pool uninterrupted: the next query runs.
        Assert.Single(store.Search("title0000", 20));
    }

    [Fact]
    public void A_slow_search_stops_when_its_caller_gives_up()
    {
        StoreManyDistinctWords();
        var store = new ArticleStore(database) { SearchBudget = TimeSpan.FromMinutes(10) };
        using var gaveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() => store.Search("abc* abc* abc* abc*", 20, gaveUp.Token));
    }

    /// <summary>A thousand articles of 200 words each from a hundred thousand that share the prefix "abc".</summary>
    private void StoreManyDistinctWords()
    {
        var random = new Random(1);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using (var source = connection.Command("INSERT INTO sources (id, url, name) VALUES ('s', 'https://example.com/feed', 's')", transaction))
            source.ExecuteNonQuery();
        using var insert = connection.Command("""
            INSERT INTO articles (id, source_id, guid, title, sort_date, extraction_status, fetched_at, content_text)
            VALUES ($id, 's', $id, $title, '2025-01-01T00:00:00Z', 'ok', '2025-01-01T00:00:00Z', $text)
            """, transaction);
        for (var i = 0; i < 1000; i++)
        {
            var words = Enumerable.Range(0, 200).Select(_ => "abc" + random.Next(100_000).ToString("D5", CultureInfo.InvariantCulture));
            insert.Parameters.Clear();
            insert.With("$id", Guid.NewGuid().ToString()).With("$title", $"title{i:D4}").With("$text", string.Join(' ', words));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose() => dir.Dispose();
}
