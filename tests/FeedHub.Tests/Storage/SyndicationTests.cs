using FeedHub.Benchmarks.Storage;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.Storage;

/// <summary>
/// Syndicated copies in a real SQLite store: another outlet's copy of a recent story's text joins that story with its own
/// link, title and the reason; different stories, short stubs, opted-out articles and old stories stay apart.
/// </summary>
public sealed class SyndicationTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly Database database;
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public SyndicationTests()
    {
        database = new Database(new StoreOptions { Path = dir.File("feedhub.db") });
        database.Migrate();
        database.InTransaction(transaction =>
        {
            foreach (var source in new[] { "wire", "courier", "gazette" })
            {
                using var command = transaction.Connection!.Command("INSERT INTO sources (id, url, name) VALUES ($id, 'https://x.example/', $id)", transaction)
                    .With("$id", source);
                command.ExecuteNonQuery();
            }
        });
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public void The_labelled_set_is_merged_with_precision_and_recall_above_their_floors()
    {
        var score = SyndicationScore.Measure(dir.File("labelled.db"), SyndicationSet.Items);
        var detail = $"P {score.Precision:0.000} ({score.RightMerges}/{score.Merges}), R {score.Recall:0.000} ({score.RightMerges}/{score.Copies})\n"
            + string.Join("\n", score.Mistakes);
        Assert.True(score.Precision >= 0.99, detail);
        Assert.True(score.Recall >= 0.9, detail);
        Assert.True(score.Copies >= 20, "the set holds at least 20 copies to find: " + detail);
    }

    [Fact]
    public void A_copy_joins_the_story_with_its_own_link_and_title_and_why()
    {
        Store(Article("wire", "w1", "Dock strike begins", SyndicationSet.Items[0].Text, Start));
        Store(Article("courier", "c1", "Port paralysed", SyndicationSet.Items[1].Text, Start.AddHours(2)));

        var story = new ArticleStore(database).FindById(StableId.ForArticle("wire", "w1"))!;
        Assert.Equal(["wire", "courier"], story.SourceIds);
        var copy = story.Outlets.Single(o => o.SourceId == "courier");
        Assert.Equal(new Uri("https://courier.example/c1"), copy.Url);
        Assert.Equal("Port paralysed", copy.Title);
        Assert.StartsWith("text: 5-word shingles", copy.Rule);
        Assert.InRange(copy.Similarity!.Value, StoryText.Threshold, 1);
        Assert.Null(new ArticleStore(database).FindById(StableId.ForArticle("courier", "c1")));
        Assert.Equal(1, new ArticleStore(database).Count());

        // Scripts see the same in v_articles.
        using var connection = database.Open();
        using var command = connection.Command("SELECT sources, outlets FROM v_articles");
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("courier wire", reader.GetString(0));
        using var outlets = System.Text.Json.JsonDocument.Parse(reader.GetString(1));
        var joined = outlets.RootElement[1];
        Assert.Equal(("courier", "https://courier.example/c1", "Port paralysed"),
            (joined.GetProperty("source").GetString(), joined.GetProperty("url").GetString(), joined.GetProperty("title").GetString()));
        Assert.Equal(copy.Similarity, joined.GetProperty("similarity").GetDouble());
        Assert.Equal(copy.Rule, joined.GetProperty("rule").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, outlets.RootElement[0].GetProperty("rule").ValueKind);
        Assert.False(reader.Read());
    }

    [Fact]
    public void A_merge_moves_the_version_of_the_storys_sections_though_the_copy_comes_in_another()
    {
        Store(Article("wire", "w1", "Dock strike begins", SyndicationSet.Items[0].Text, Start, section: "world"));
        var before = Version("world");
        Store(Article("courier", "c1", "Port paralysed", SyndicationSet.Items[1].Text, Start.AddHours(1), section: "business"));

        Assert.True(Version("world") > before, "the world feed lists one more outlet, so it must be rendered again");
        Assert.Equal(["business", "world"], new ArticleStore(database).FindById(StableId.ForArticle("wire", "w1"))!.Sections.Select(s => s.Slug).Order());
    }

    [Fact]
    public void Stories_stay_apart_when_merging_is_off_for_the_article_when_they_are_older_than_the_window_or_of_one_source()
    {
        var text = SyndicationSet.Items[0].Text;
        Store(Article("wire", "w1", "Dock strike begins", text, Start));
        Store(Article("courier", "c1", "Port paralysed", text, Start.AddHours(1)) with { CopyWindow = null }); // its source or section opted out
        Store(Article("wire", "w2", "Dock strike, again", text, Start.AddHours(2))); // a feed's own items are its own to tell apart
        Store(Article("gazette", "g1", "Strike", text, Start.AddDays(4))); // stored 4 days later, beyond a 3-day window

        Assert.Equal(4, new ArticleStore(database).Count());
    }

    [Fact]
    public void A_short_stub_and_an_independently_written_report_are_not_copies()
    {
        var stub = SyndicationSet.Items.First(i => i.Story == "stub-0").Text;
        var otherStub = SyndicationSet.Items.First(i => i.Story == "stub-1").Text;
        Store(Article("wire", "w1", "Explosion", stub, Start));
        Store(Article("courier", "c1", "Crash", otherStub, Start.AddMinutes(5)));
        Store(Article("wire", "w2", "Strike", SyndicationSet.Items.First(i => i.Story == "wire-0").Text, Start.AddMinutes(10)));
        Store(Article("gazette", "g1", "Crane crews down tools", SyndicationSet.Items.First(i => i.Story == "own-strike").Text, Start.AddMinutes(20)));

        Assert.Equal(4, new ArticleStore(database).Count());
        Assert.False(StoryText.Of(stub).IsComparable);
    }

    [Fact]
    public void One_poll_storing_several_copies_and_a_new_story_joins_each_copy_to_its_own_story()
    {
        // One Insert call is one poll: its statements are compiled once and run again for each article, so each run
        // must bind its own article's values, not keep the last one's.
        var strike = SyndicationSet.Items.First(i => i.Story == "wire-0").Text;
        var rates = SyndicationSet.Items.First(i => i.Story == "wire-4").Text;
        var report = SyndicationSet.Items.First(i => i.Story == "own-strike").Text;
        Store(Article("wire", "w1", "Dock strike begins", strike, Start, section: "world"));
        Store(Article("wire", "w2", "Rates on hold", rates, Start.AddMinutes(5), section: "business"));

        var (stored, linked) = (0, 0);
        database.InTransaction(transaction => stored = ArticleStore.Insert(transaction,
        [
            Article("courier", "c1", "Port paralysed", strike, Start.AddHours(1), section: "ports"),
            Article("courier", "c2", "Bank waits", rates, Start.AddHours(1), section: "money"),
            Article("courier", "c3", "Crane crews down tools", report, Start.AddHours(1), section: "local"),
        ], out linked));

        Assert.Equal((3, 2), (stored, linked));
        var store = new ArticleStore(database);
        var first = store.FindById(StableId.ForArticle("wire", "w1"))!;
        var second = store.FindById(StableId.ForArticle("wire", "w2"))!;
        Assert.Equal(("Port paralysed", new Uri("https://courier.example/c1")),
            (first.Outlets.Single(o => o.SourceId == "courier").Title, first.Outlets.Single(o => o.SourceId == "courier").Url));
        Assert.Equal(("Bank waits", new Uri("https://courier.example/c2")),
            (second.Outlets.Single(o => o.SourceId == "courier").Title, second.Outlets.Single(o => o.SourceId == "courier").Url));
        Assert.Equal(["ports", "world"], first.Sections.Select(s => s.Slug).Order());
        Assert.Equal(["business", "money"], second.Sections.Select(s => s.Slug).Order());
        var own = store.FindById(StableId.ForArticle("courier", "c3"))!;
        Assert.Equal(["courier"], own.SourceIds);
        Assert.Equal(["local"], own.Sections.Select(s => s.Slug));
        Assert.Equal(3, store.Count());
    }

    [Fact]
    public void A_transactions_statements_are_one_command_per_sql_handed_back_without_the_last_parameters()
    {
        database.InTransaction(transaction =>
        {
            using var statements = new Statements(transaction);
            var first = statements.Command("SELECT $a + 1").With("$a", 1);
            Assert.Equal(2L, first.ExecuteScalar());
            var again = statements.Command("SELECT $a + 1");
            Assert.Same(first, again);
            Assert.Empty(again.Parameters);
            Assert.Equal(42L, again.With("$a", 41).ExecuteScalar());
            Assert.NotSame(first, statements.Command("SELECT $a + 2"));
        });
    }

    [Fact]
    public void The_text_index_forgets_texts_older_than_the_window()
    {
        Store(Article("wire", "w1", "Dock strike begins", SyndicationSet.Items[0].Text, Start));
        Assert.Equal(StoryText.BandCount, Bands());
        Store(Article("courier", "c1", "Rates on hold", SyndicationSet.Items.First(i => i.Story == "wire-4").Text, Start.AddDays(5)));
        Assert.Equal(StoryText.BandCount, Bands()); // the first story's bands are gone, the new one's are in
    }

    private void Store(Article article) => database.InTransaction(transaction => ArticleStore.Insert(transaction, [article]));

    private long Version(string section)
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT coalesce((SELECT version FROM section_changes WHERE section = $s), 0)").With("$s", section);
        return (long)command.ExecuteScalar()!;
    }

    private long Bands()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT count(*) FROM article_text_bands");
        return (long)command.ExecuteScalar()!;
    }

    private static Article Article(string source, string guid, string title, string text, DateTimeOffset at, string section = "news") => new()
    {
        Id = StableId.ForArticle(source, guid),
        SourceId = source,
        Guid = guid,
        Url = new Uri($"https://{source}.example/{guid}"),
        Title = title,
        ContentText = text,
        ContentHtml = "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>",
        Extraction = ExtractionOutcome.Extracted,
        FetchedAt = at,
        Published = at,
        Sections = [new ArticleSection(section, "source")],
        CopyWindow = TimeSpan.FromDays(3),
    };
}
