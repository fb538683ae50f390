using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>One poll at a time, through the app's own wiring, against a loopback server and a real SQLite file.</summary>
public sealed class SourcePollerTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private SourcePoller poller = null!;
    private FeedHubConfiguration configuration = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        configuration = FeedHubConfiguration.Load(TestConfig.Write(dir, ("s1", server.Url("feed.xml"), "00:05:00")));
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
        poller = services.GetRequiredService<SourcePoller>();
    }

    private Task<PollOutcome> PollAsync() => poller.PollAsync(configuration.EnabledSources()[0], CancellationToken.None);

    private long StoredArticles => services.GetRequiredService<ArticleStore>().Count("s1");

    [Fact]
    public async Task An_RSS_1_0_items_date_and_an_address_without_a_dot_are_read_as_the_feed_gives_them()
    {
        // The page says 2025-03-21; the feed's own date (dc:date, its only one) is what the story is dated.
        server.Serve("seed.html", SeedArticle.Html, "text/html; charset=utf-8");
        server.Serve("feed.xml", $"""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="{server.Url("feed.xml")}"><title>Wire</title><link>{server.Url("")}</link><items><rdf:Seq>
                <rdf:li rdf:resource="{server.Url("seed.html")}"/></rdf:Seq></items></channel>
              <item rdf:about="{server.Url("seed.html")}">
                <title>North Korea Test-Fires New Missile</title><link>{server.Url("seed.html")}</link>
                <dc:date>2025-03-20T06:30:00Z</dc:date>
              </item>
            </rdf:RDF>
            """, "application/rdf+xml");
        server.Serve("rss.xml", """
            <rss version="2.0"><channel><title>Desk</title>
              <item><guid>d1</guid><title>Desk note</title><description>Short note of the desk.</description>
                <author>newsroom@localhost (Jane Doe)</author></item>
            </channel></rss>
            """, "application/rss+xml");

        await PollAsync();
        var desk = FeedHubConfiguration.Load(TestConfig.Write(dir, ("s2", server.Url("rss.xml"), "00:05:00"))).EnabledSources()[0];
        await poller.PollAsync(desk, CancellationToken.None);

        var articles = services.GetRequiredService<ArticleStore>().FindLatest(null, 10);
        Assert.Equal(new DateTimeOffset(2025, 3, 20, 6, 30, 0, TimeSpan.Zero), Assert.Single(articles, a => a.SourceId == "s1").Published);
        Assert.Equal("Jane Doe (newsroom@localhost)", Assert.Single(articles, a => a.SourceId == "s2").Author); // as a dotted address is
    }

    [Fact]
    public async Task New_entries_are_stored_with_their_extracted_page_and_a_repoll_adds_nothing()
    {
        server.Serve("seed.html", SeedArticle.Html, "text/html; charset=utf-8");
        server.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("g1", "North Korea Test-Fires New Missile", server.Url("seed.html"), Categories: ["Asia"]),
            new Feeds.Item("g2", "A page that is gone", server.Url("missing.html"), "<p>The feed's own text survives.</p>")), "application/rss+xml");

        var first = await PollAsync();
        var second = await PollAsync();

        Assert.Equal((PollStatus.Updated, 2), (first.Status, first.NewArticles));
        Assert.Equal((PollStatus.Updated, 0), (second.Status, second.NewArticles));
        Assert.Equal(2, StoredArticles);
        Assert.Equal(1, server.Hits("seed.html")); // known entries are not fetched again
        var articles = services.GetRequiredService<ArticleStore>().FindLatest(TestConfig.Section, 10);
        var seed = Assert.Single(articles, a => a.Guid == "g1");
        Assert.Equal("extracted", seed.Extraction.ToString());
        Assert.Equal(4, seed.Headings.Count);
        Assert.Equal("https://news.example.com/world-defense/north-korea-test-fires-new-missile/", seed.CanonicalUrl?.AbsoluteUri);
        Assert.Equal("https://news.example.com/wp-content/uploads/2025/03/missile-test.jpg", seed.LeadImage?.AbsoluteUri);
        Assert.Equal("en-US", seed.Language);
        Assert.InRange(seed.WordCount!.Value, 500, 700);
        Assert.InRange(seed.ReadingMinutes!.Value, 2, 3); // about 550 words at 230 a minute
        using (var connection = services.GetRequiredService<Database>().Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT origin FROM article_section_candidates WHERE article_id = $id ORDER BY position";
            ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("$id", seed.Id);
            using var reader = command.ExecuteReader();
            var origins = new List<string>();
            while (reader.Read()) origins.Add(reader.GetString(0));
            Assert.Equal(["json-ld", "meta", "breadcrumb", "category-link", "feed"], origins); // no url-path: the page is at /seed.html
        }
        var fallback = Assert.Single(articles, a => a.Guid == "g2");
        Assert.Equal("feed: page not fetched: HTTP 404 Not Found", fallback.Extraction.ToString());
        Assert.Equal("The feed's own text survives.", fallback.ContentText);
    }

    [Fact]
    public async Task An_unchanged_feed_answers_304_and_only_the_check_is_recorded()
    {
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "One", server.Url("missing.html"))), "application/rss+xml", etag: "\"v1\"");

        await PollAsync();
        var second = await PollAsync();

        Assert.Equal(PollStatus.NotModified, second.Status);
        var state = services.GetRequiredService<SourceStore>().FindState("s1")!;
        Assert.Equal("\"v1\"", state.ETag);
        Assert.Null(state.LastError);
        Assert.NotNull(state.NextCheckAt);
    }

    [Theory]
    [InlineData(500, "text/plain", "oops", "HTTP 500 Internal Server Error")]
    [InlineData(200, "text/html", "<!DOCTYPE html><html><body><p>Welcome</p></body></html>", "not a feed: the document is an HTML page")]
    [InlineData(200, "application/xml", "<sitemap><url>https://example.com/</url></sitemap>", "not a feed: the document is XML, but its root element <sitemap> is not RSS, RDF or Atom")]
    public async Task A_failing_poll_records_why_and_loses_nothing_stored(int status, string type, string body, string error)
    {
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "One", server.Url("missing.html"))), "application/rss+xml");
        await PollAsync();
        server.Serve("feed.xml", new LoopbackServer.Response(status, body, type));

        var outcome = await PollAsync();

        Assert.Equal(PollStatus.Failed, outcome.Status);
        Assert.StartsWith(error, outcome.Error);
        var state = services.GetRequiredService<SourceStore>().FindState("s1")!;
        Assert.Equal(outcome.Error, state.LastError);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(1, StoredArticles);
    }

    [Fact]
    public async Task A_permanent_redirect_moves_the_source_after_three_polls_in_a_row()
    {
        server.Redirect("feed.xml", 301, "/moved.xml");
        server.Serve("moved.xml", Feeds.Rss(new Feeds.Item("g1", "One", server.Url("missing.html"))), "application/rss+xml");

        for (var i = 0; i < 2; i++) await PollAsync();
        Assert.Null(services.GetRequiredService<SourceStore>().FindState("s1")!.MovedTo);
        await PollAsync();
        await PollAsync();

        var state = services.GetRequiredService<SourceStore>().FindState("s1")!;
        Assert.Equal(server.Url("moved.xml"), state.MovedTo);
        Assert.Equal(3, server.Hits("feed.xml")); // the fourth poll went straight to the new URL
        Assert.Equal(4, server.Hits("moved.xml"));
        Assert.Equal(1, StoredArticles);
    }

    [Fact]
    public async Task A_410_disables_the_source_with_a_reason_and_it_is_not_polled_again()
    {
        server.Serve("feed.xml", new LoopbackServer.Response(410, "", "text/plain"));

        var first = await PollAsync();
        var second = await PollAsync();

        Assert.Equal(PollStatus.Disabled, first.Status);
        Assert.Null(first.NextCheckAt);
        Assert.Equal(PollStatus.Disabled, second.Status);
        Assert.Equal(1, server.Hits("feed.xml"));
        var state = services.GetRequiredService<SourceStore>().FindState("s1")!;
        Assert.StartsWith("HTTP 410 Gone: the feed was removed for good", state.DisabledReason);
        Assert.Null(state.NextCheckAt);
    }

    [Fact]
    public async Task Retry_After_puts_the_next_check_after_it()
    {
        server.RetryAfter("feed.xml", 503, "7200");

        var outcome = await PollAsync();

        Assert.Equal(PollStatus.Failed, outcome.Status);
        Assert.True(outcome.NextCheckAt >= DateTimeOffset.UtcNow.AddMinutes(119), $"next check {outcome.NextCheckAt}");
    }

    [Fact]
    public async Task A_guid_the_feed_reuses_for_a_new_item_on_a_later_poll_still_brings_the_new_item()
    {
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("daily", "Digest for Monday", server.Url("monday.html"), "<p>Monday's news.</p>")), "application/rss+xml");
        var monday = await PollAsync();
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("daily", "Digest for Tuesday", server.Url("tuesday.html"), "<p>Tuesday's news.</p>")), "application/rss+xml");
        var tuesday = await PollAsync();
        var again = await PollAsync();
        // The same item with a corrected title is an edit, not a new item.
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("daily", "Digest for Tuesday (updated)", server.Url("tuesday.html"), "<p>Tuesday's news.</p>")), "application/rss+xml");
        var edited = await PollAsync();

        Assert.Equal((1, 1, 0, 0), (monday.NewArticles, tuesday.NewArticles, again.NewArticles, edited.NewArticles));
        var stored = services.GetRequiredService<ArticleStore>().Find(new ArticleQuery { SourceId = "s1" });
        Assert.Equal(["Digest for Monday", "Digest for Tuesday"], stored.Select(a => a.Title).Order());
    }

    [Fact]
    public async Task A_feed_read_leniently_says_so_in_the_source_state_until_it_is_well_formed_again()
    {
        server.Serve("feed.xml", "<rss version=\"2.0\"><channel><title>Tom & Jerry</title><item><guid>1</guid><title>Caf&eacute;</title></item></channel></rss>", "application/rss+xml");
        var lenient = await PollAsync();
        var during = services.GetRequiredService<SourceStore>().FindState("s1")!;
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "Fixed", server.Url("missing.html"))), "application/rss+xml");
        await PollAsync();
        var after = services.GetRequiredService<SourceStore>().FindState("s1")!;

        Assert.Equal((PollStatus.Updated, 1), (lenient.Status, lenient.NewArticles));
        Assert.Equal("rss20", during.FeedFormat);
        Assert.StartsWith("read leniently, as the document is not well-formed XML: ", during.FeedWarning);
        Assert.Null(during.LastError);
        Assert.Equal(("rss20", null), (after.FeedFormat, after.FeedWarning));
    }

    [Fact]
    public async Task Enclosures_and_the_comments_page_are_stored_with_the_article()
    {
        server.Serve("feed.xml", """
            <rss version="2.0"><channel><title>Pod</title>
            <item><guid>ep1</guid><title>Episode 1</title><description>Notes</description><comments>https://example.com/ep1#c</comments>
              <enclosure url="https://cdn.example.com/ep1.mp3" type="audio/mpeg" length="5000"/>
              <enclosure url="javascript:alert(1)" type="audio/mpeg" length="1"/></item>
            </channel></rss>
            """, "application/rss+xml");

        await PollAsync();

        var article = Assert.Single(services.GetRequiredService<ArticleStore>().Find(new ArticleQuery { SourceId = "s1" }));
        Assert.Equal([new Core.Model.FeedEnclosure("https://cdn.example.com/ep1.mp3", "audio/mpeg", 5000)], article.Enclosures);
        Assert.Equal(new Uri("https://example.com/ep1#c"), article.CommentsUrl);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
