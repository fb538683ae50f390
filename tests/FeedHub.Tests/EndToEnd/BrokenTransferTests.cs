using System.Text;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// Issue 14 item 6, through the built executable: a feed or an article page whose answer breaks off (fewer bytes than its
/// Content-Length, a connection reset) or does not decompress is a recorded failure of that one fetch. The feed's
/// source gets an error and a backoff in `sources`; a broken page keeps its item's own content, and the other items
/// of the same poll are stored.
/// </summary>
public sealed class BrokenTransferTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly RawHttpServer liar = new();
    private LoopbackServer upstream = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("one.html", Page("The first honest story"), "text/html");
        upstream.Serve("two.html", Page("The second honest story"), "text/html");
        liar.Answer("cut.html", "Content-Type: text/html\nContent-Length: 20000", Encoding.UTF8.GetBytes(Page("Cut short")[..400]));
        liar.Answer("reset.html", "Content-Type: text/html\nContent-Length: 20000", Encoding.UTF8.GetBytes(Page("Reset")[..400]), resetAfter: true);
        liar.Answer("gzip.html", "Content-Type: text/html\nContent-Encoding: gzip\nContent-Length: 64",
            [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, .. Enumerable.Repeat((byte)0xee, 54)]);
        upstream.Serve("mixed.xml", Feeds.Rss(
            new Feeds.Item("m1", "First", upstream.Url("one.html"), "<p>Feed text of the first.</p>"),
            new Feeds.Item("m2", "Cut", liar.Url("cut.html"), "<p>Feed text of the cut page.</p>"),
            new Feeds.Item("m3", "Reset", liar.Url("reset.html"), "<p>Feed text of the reset page.</p>"),
            new Feeds.Item("m4", "Gzip", liar.Url("gzip.html"), "<p>Feed text of the gzip page.</p>"),
            new Feeds.Item("m5", "Second", upstream.Url("two.html"), "<p>Feed text of the second.</p>")), "application/rss+xml");
        var feed = Feeds.Rss(new Feeds.Item("c1", "Never whole", upstream.Url("one.html")));
        liar.Answer("cut.xml", "Content-Type: application/rss+xml\nContent-Length: 50000", Encoding.UTF8.GetBytes(feed[..200]));
        config = TestConfig.Write(dir, ("mixed", upstream.Url("mixed.xml"), "00:30:00"), ("cut", liar.Url("cut.xml"), "00:30:00"));
    }

    [Fact]
    public async Task A_broken_page_keeps_its_items_feed_content_and_the_rest_of_the_poll_is_stored()
    {
        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["refresh", "--source", "mixed", "--config", config]);

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.StartsWith("mixed: updated, 5 new articles", stdout.Trim());
        var statuses = Rows("SELECT guid, extraction_status FROM articles WHERE source_id = 'mixed' ORDER BY guid");
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], statuses.Keys);
        Assert.Equal("extracted", statuses["m1"]);
        Assert.Equal("extracted", statuses["m5"]);
        Assert.StartsWith("feed: page not fetched: the response could not be read to its end", statuses["m2"]);
        Assert.StartsWith("feed: page not fetched: the response could not be read to its end", statuses["m3"]);
        Assert.StartsWith("feed: page not fetched: the body could not be decompressed", statuses["m4"]);
        Assert.Contains("Feed text of the cut page.", Rows("SELECT guid, content_text FROM articles WHERE guid = 'm2'")["m2"]);
    }

    [Fact]
    public async Task A_feed_that_breaks_off_is_a_failed_poll_with_a_sources_row_and_a_backoff()
    {
        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["refresh", "--source", "cut", "--config", config]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("cut: failed: the response could not be read to its end: The response ended prematurely", stdout.Trim());
        var source = Rows("SELECT consecutive_failures || ' ' || (next_check_at IS NOT NULL), last_error FROM sources WHERE id = 'cut'");
        var (summary, error) = Assert.Single(source);
        Assert.Equal("1 1", summary);
        Assert.StartsWith("the response could not be read to its end", error);
        Assert.Empty(Rows("SELECT guid, title FROM articles WHERE source_id = 'cut'"));
    }

    private Dictionary<string, string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={dir.File("feedhub.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>();
        while (reader.Read()) rows[reader.GetString(0)] = reader.GetString(1);
        return rows;
    }

    private static string Page(string title) => $"""
        <!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>
        {string.Concat(Enumerable.Range(1, 6).Select(i => $"<p>Paragraph {i} of {title}: a reporter writes several sentences here, so that the page holds an article worth keeping and not a teaser.</p>"))}
        </article></body></html>
        """;

    public async Task DisposeAsync()
    {
        await upstream.DisposeAsync();
        await liar.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
