using System.Net;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>
/// An item that comes back with the same id and a new title, summary, content or a later updated date revises the
/// stored article; a repeat, a reordering or re-indenting does not; a purged item stays purged; only the source that
/// brought a story first changes it. One poll at a time against a loopback feed and a real SQLite file.
/// </summary>
public sealed class EditedEntriesTests : IAsyncLifetime, IDisposable
{
    private static readonly string Prose = string.Concat(Enumerable.Repeat(" that go on for a while, long enough to count as the prose of an article.", 4));
    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private FeedHubConfiguration configuration = null!;

    public sealed record Entry(string Id, string Title, string Page, string Updated, string Summary);

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        configuration = FeedHubConfiguration.Load(TestConfig.Write(dir, ("s1", server.Url("feed.xml"), "00:05:00"), ("s2", server.Url("other.xml"), "00:05:00")));
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
    }

    /// <summary>An Atom feed (it carries an updated date per entry) linking to pages on <paramref name="server"/>.</summary>
    public static string Atom(LoopbackServer server, params Entry[] entries) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Edits</title><id>urn:test:edits</id><updated>2025-03-21T09:00:00Z</updated>
        {string.Concat(entries.Select(e => $"""
            <entry><id>{e.Id}</id><title>{WebUtility.HtmlEncode(e.Title)}</title><link href="{server.Url(e.Page)}"/>
              <published>2025-03-21T09:00:00Z</published><updated>{e.Updated}</updated><summary>{WebUtility.HtmlEncode(e.Summary)}</summary></entry>
            """))}
        </feed>
        """;

    public static string Page(string words) => $"<html><body><article><p>{words}{Prose}</p><p>More {words}{Prose}</p></article></body></html>";

    private Task<PollOutcome> PollAsync(string source = "s1") =>
        services.GetRequiredService<SourcePoller>().PollAsync(configuration.EnabledSources().Single(s => s.Id == source), CancellationToken.None);

    private ArticleStore Articles => services.GetRequiredService<ArticleStore>();

    private string? Scalar(string sql, string article)
    {
        using var connection = services.GetRequiredService<Database>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("$id", article);
        return command.ExecuteScalar()?.ToString();
    }

    [Fact]
    public async Task An_edited_item_revises_its_article_page_dates_and_search_and_a_repeat_changes_nothing()
    {
        server.Serve("story.html", Page("Early words"), "text/html");
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Original title", "story.html", "2025-03-21T09:00:00Z", "First summary")), "application/atom+xml");
        await PollAsync();
        var id = StableId.ForArticle("s1", "e1");
        server.Serve("story.html", Page("Corrected words"), "text/html");
        server.Serve("feed.xml", Atom(server, new Entry("e1", "UPDATED: Corrected title", "story.html", "2025-03-21T12:30:00Z", "Second summary")), "application/atom+xml");

        var edit = await PollAsync();
        var revised = Articles.FindById(id)!;
        var repeat = await PollAsync();

        Assert.Equal((0, 1), (edit.NewArticles, edit.RevisedArticles));
        Assert.Equal("UPDATED: Corrected title", revised.Title);
        Assert.Equal(new DateTimeOffset(2025, 3, 21, 12, 30, 0, TimeSpan.Zero), revised.Updated);
        Assert.Equal("extracted", revised.Extraction.ToString());
        Assert.Contains("Corrected words", revised.ContentText);
        Assert.DoesNotContain("Early words", revised.ContentText);
        Assert.Contains("Second summary", revised.Summary);
        Assert.Equal(2, server.Hits("story.html")); // the page was fetched again for the edit
        Assert.Equal("UPDATED: Corrected title", Scalar("SELECT title FROM article_sources WHERE article_id = $id", id));
        Assert.Equal(id, Assert.Single(Articles.Search("corrected", 10)).Article.Id); // the full-text index followed
        Assert.Empty(Articles.Search("early", 10));
        Assert.Equal([TestConfig.Section], revised.Sections.Select(s => s.Slug));
        Assert.Equal((0, 0), (repeat.NewArticles, repeat.RevisedArticles));
        Assert.Equal(2, server.Hits("story.html"));
        Assert.Equal(1, Articles.Count());
    }

    [Fact]
    public async Task Reordering_and_reindenting_the_feed_is_no_edit()
    {
        server.Serve("a.html", Page("Alpha words"), "text/html");
        server.Serve("b.html", Page("Beta words"), "text/html");
        var a = new Entry("a", "Alpha story", "a.html", "2025-03-21T09:00:00Z", "Alpha summary, as written");
        var b = new Entry("b", "Beta story", "b.html", "2025-03-21T09:00:00Z", "Beta summary");
        server.Serve("feed.xml", Atom(server, a, b), "application/atom+xml");
        await PollAsync();
        server.Serve("feed.xml", Atom(server, b with { Summary = "  Beta\n   summary " }, a with { Title = "Alpha  story " }), "application/atom+xml");

        var again = await PollAsync();

        Assert.Equal((0, 0), (again.NewArticles, again.RevisedArticles));
        Assert.Equal(1, server.Hits("a.html"));
    }

    [Fact]
    public async Task A_purged_item_is_not_revived_by_an_edit()
    {
        server.Serve("story.html", Page("Old words"), "text/html");
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Old story", "story.html", "2025-03-21T09:00:00Z", "Old")), "application/atom+xml");
        await PollAsync();
        Articles.Purge(olderThan: null, maxPerSource: 0, DateTimeOffset.UtcNow);
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Old story, corrected", "story.html", "2025-03-22T09:00:00Z", "Corrected")), "application/atom+xml");

        var again = await PollAsync();

        Assert.Equal((0, 0), (again.NewArticles, again.RevisedArticles));
        Assert.Equal(0, Articles.Count());
    }

    [Fact]
    public async Task Only_the_source_that_brought_a_story_first_changes_it_another_changes_its_own_membership()
    {
        server.Serve("story.html", Page("Shared words"), "text/html");
        server.Serve("feed.xml", Atom(server, new Entry("e1", "First source's title", "story.html", "2025-03-21T09:00:00Z", "One")), "application/atom+xml");
        server.Serve("other.xml", Atom(server, new Entry("x1", "Second source's title", "story.html", "2025-03-21T09:00:00Z", "Two")), "application/atom+xml");
        await PollAsync("s1");
        await PollAsync("s2");
        server.Serve("other.xml", Atom(server, new Entry("x1", "Second source rewrites it", "story.html", "2025-03-23T09:00:00Z", "Three")), "application/atom+xml");

        var edit = await PollAsync("s2");

        var article = Assert.Single(Articles.Find(new ArticleQuery()));
        Assert.Equal(0, edit.RevisedArticles);
        Assert.Equal("First source's title", article.Title);
        Assert.Equal(["s1", "s2"], article.SourceIds);
        Assert.Equal("Second source rewrites it", Scalar("SELECT title FROM article_sources WHERE article_id = $id AND source_id = 's2'", article.Id));
        Assert.Equal(1, server.Hits("story.html"));
    }

    [Fact]
    public async Task A_second_edit_soon_after_takes_the_feeds_fields_without_fetching_the_page_again()
    {
        server.Serve("story.html", Page("Early words"), "text/html");
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Take one", "story.html", "2025-03-21T09:00:00Z", "One")), "application/atom+xml");
        await PollAsync();
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Take two", "story.html", "2025-03-21T10:00:00Z", "Two")), "application/atom+xml");
        await PollAsync();
        server.Serve("story.html", Page("Late words"), "text/html");
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Take three", "story.html", "2025-03-21T11:00:00Z", "Three")), "application/atom+xml");

        var third = await PollAsync();

        var article = Articles.FindById(StableId.ForArticle("s1", "e1"))!;
        Assert.Equal(1, third.RevisedArticles);
        Assert.Equal(2, server.Hits("story.html")); // once new, once for the first edit: within 15 minutes not again
        Assert.Equal(("Take three", new DateTimeOffset(2025, 3, 21, 11, 0, 0, TimeSpan.Zero)), (article.Title, article.Updated));
        Assert.Contains("Early words", article.ContentText); // the body extracted before is kept
        Assert.Equal("extracted", article.Extraction.ToString());
    }

    [Fact]
    public async Task An_item_stored_before_schema_11_has_what_it_says_noted_first_and_later_edits_applied()
    {
        server.Serve("story.html", Page("Some words"), "text/html");
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Title", "story.html", "2025-03-21T09:00:00Z", "One")), "application/atom+xml");
        await PollAsync();
        var id = StableId.ForArticle("s1", "e1");
        Scalar("UPDATE article_sources SET entry_hash = NULL, entry_updated_at = NULL WHERE article_id = $id", id); // as migration 11 leaves them
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Title as the feed says it now", "story.html", "2025-03-21T09:00:00Z", "One")), "application/atom+xml");

        var noted = await PollAsync();
        server.Serve("feed.xml", Atom(server, new Entry("e1", "Title, corrected", "story.html", "2025-03-21T09:00:00Z", "One")), "application/atom+xml");
        var edited = await PollAsync();

        Assert.Equal(0, noted.RevisedArticles); // what the feed said before the upgrade is unknown: no edit can be told
        Assert.NotNull(Scalar("SELECT entry_hash FROM article_sources WHERE article_id = $id", id));
        Assert.Equal(1, edited.RevisedArticles);
        Assert.Equal("Title, corrected", Articles.FindById(id)!.Title);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
