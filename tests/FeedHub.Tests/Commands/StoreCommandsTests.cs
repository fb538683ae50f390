using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>The reading commands, run as the real executable on a store that a real host filled.</summary>
public sealed class StoreCommandsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("seed.html", SeedArticle.Html, "text/html; charset=utf-8");
        upstream.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("g1", "North Korea Test-Fires New Missile", upstream.Url("seed.html")),
            new Feeds.Item("g2", "Second, quoted \"story\"", upstream.Url("gone.html"), "<p>Only the feed's words.</p>")), "application/rss+xml");
        upstream.Serve("down.xml", new LoopbackServer.Response(503, "", "text/plain"));
        config = TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "00:00:01"), ("down", upstream.Url("down.xml"), "00:00:01"));
        await using var host = await RunningHost.StartAsync(config);
        await Eventually.TrueAsync(() => host.Get<Core.Storage.ArticleStore>().Count() == 2 && host.Get<Core.Storage.SourceStore>().FindAllStates().Count == 2);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) => FeedHubProcess.RunAsync([.. args, "--config", config]);

    [Fact]
    public async Task Status_shows_each_source_with_its_state()
    {
        var (exitCode, stdout, _) = await Run("status", "--format", "json");

        Assert.Equal(0, exitCode);
        var sources = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal("ok", sources["gsm"].GetProperty("status").GetString());
        Assert.Equal(2, sources["gsm"].GetProperty("articles").GetInt32());
        Assert.Equal("failing", sources["down"].GetProperty("status").GetString());
        Assert.StartsWith("HTTP 503", sources["down"].GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Articles_list_filters_and_writes_csv_that_quotes_properly()
    {
        var (exitCode, stdout, stderr) = await Run("articles", "list", "--section", TestConfig.Section, "--format", "csv");

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,published_at,source_id,sections,title,url", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains(",\"Second, quoted \"\"story\"\"\","));
    }

    [Fact]
    public async Task Query_reads_the_stable_view_and_refuses_writes()
    {
        var (readCode, rows, _) = await Run("query", "SELECT title, sections FROM v_articles ORDER BY title", "--format", "ndjson");
        var (writeCode, _, writeError) = await Run("query", "DELETE FROM articles");
        var (badCode, _, badError) = await Run("query", "SELEC 1");
        var (_, after, _) = await Run("query", "SELECT count(*) AS n FROM articles", "--format", "json");

        Assert.Equal(0, readCode);
        var first = JsonDocument.Parse(rows.Split('\n')[0]).RootElement;
        Assert.Equal("North Korea Test-Fires New Missile", first.GetProperty("title").GetString());
        Assert.Equal(TestConfig.Section, first.GetProperty("sections").GetString());
        Assert.Equal(2, writeCode);
        Assert.Contains("read-only", writeError);
        Assert.Equal(2, badCode);
        Assert.Contains("syntax error", badError);
        Assert.Equal(2, JsonDocument.Parse(after).RootElement[0].GetProperty("n").GetInt32()); // nothing was deleted
    }

    [Theory]
    [InlineData("VACUUM INTO '{0}'", "refused: the statement would write (VACUUM INTO and the like)")]
    [InlineData("ATTACH DATABASE '{0}' AS copy", "refused: ATTACH is refused")]
    [InlineData("PRAGMA user_version = 7", "refused: PRAGMA user_version = 7 is refused")]
    [InlineData("SELECT 1; DELETE FROM articles", "only one statement may be given")]
    [InlineData("SELECT 1; SELECT 2", "only one statement may be given")]
    [InlineData("-- nothing but a comment", "there is no SQL statement to run")]
    public async Task Query_refuses_anything_but_one_statement_that_reads(string statement, string expected)
    {
        // Issue 14 item 8: VACUUM INTO wrote a copy of the store with exit 0, and a second statement was dropped silently.
        var target = dir.File("written-by-query.db");

        var (exitCode, stdout, stderr) = await Run("query", string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, target));

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("feedhub: query: " + expected, stderr);
        Assert.False(File.Exists(target));
        var (_, count, _) = await Run("query", "SELECT count(*) AS n FROM articles", "--format", "json");
        Assert.Equal(2, JsonDocument.Parse(count).RootElement[0].GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Query_runs_pragmas_that_report_and_stops_a_runaway_query_at_its_time_budget()
    {
        var (infoCode, info, _) = await Run("query", "PRAGMA table_info(articles)", "--format", "json");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout, stderr) = await Run("query", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n", "--timeout", "1");

        Assert.Equal(0, infoCode);
        Assert.Contains(JsonDocument.Parse(info).RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "extraction_status");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("feedhub: query: stopped after 1 s, the time budget (--timeout)", stderr);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}"); // unbounded before; the rest is process start
    }

    [Fact]
    public async Task Config_check_db_migrate_and_sections_report_what_is_there()
    {
        var (checkCode, check, _) = await Run("config", "check");
        var (migrateCode, migrate, _) = await Run("db", "migrate");
        var (_, sections, _) = await Run("sections", "list", "--format", "json");
        var (_, show, _) = await Run("sections", "show", TestConfig.Section);
        var (missingCode, _, missing) = await Run("sections", "show", "sport");

        Assert.Equal(0, checkCode);
        Assert.Contains(": valid", check);
        Assert.Contains("source gsm", check);
        Assert.Equal(0, migrateCode);
        Assert.Contains($"schema version {Core.Storage.Database.LatestVersion}", migrate);
        Assert.Equal(2, JsonDocument.Parse(sections).RootElement[0].GetProperty("articles").GetInt32());
        Assert.Contains("North Korea Test-Fires New Missile  [source]", show);
        Assert.Equal(2, missingCode);
        Assert.Contains("no section 'sport'", missing);
    }

    [Fact]
    public async Task Refresh_polls_now_and_says_what_happened_per_source()
    {
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g3", "Third story", upstream.Url("gone.html"), "<p>New words.</p>")), "application/rss+xml");

        var (exitCode, stdout, _) = await Run("refresh", "--all");
        var (unknownCode, _, unknown) = await Run("refresh", "--source", "nope");
        var (noneCode, _, none) = await Run("refresh");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        Assert.Matches(@"^gsm: updated, 1 new articles \(\d+ ms\)$", lines[0]);
        Assert.StartsWith("down: failed: HTTP 503", lines[1]);
        Assert.Equal(1, exitCode); // one source failed
        Assert.Equal(2, unknownCode);
        Assert.Contains("no source 'nope'", unknown);
        Assert.Equal(2, noneCode);
        Assert.Contains("--all", none);
    }

    [Fact]
    public async Task Search_ranks_and_shows_a_snippet()
    {
        var (exitCode, stdout, _) = await Run("search", "Pyongyang", "--format", "json");

        Assert.Equal(0, exitCode);
        var hit = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray());
        Assert.Equal("North Korea Test-Fires New Missile", hit.GetProperty("title").GetString());
        Assert.Contains("[Pyongyang]", hit.GetProperty("snippet").GetString());
    }

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    public void Dispose() => dir.Dispose();
}
