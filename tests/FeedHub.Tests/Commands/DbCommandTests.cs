using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub db purge` and `db vacuum` through the real executable, on a store it filled itself (issue 17 item 10).</summary>
public sealed partial class DbCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        var early2020 = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        upstream.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("old1", "Old one", upstream.Url("x1"), "<p>An old story.</p>", early2020),
            new Feeds.Item("old2", "Old two", upstream.Url("x2"), "<p>Another old story.</p>", early2020.AddDays(1)),
            new Feeds.Item("new1", "New one", upstream.Url("x3"), "<p>A new story.</p>", DateTimeOffset.UtcNow.AddDays(-1))), "application/rss+xml");
        config = TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:05:00"));
        var (code, _, stderr) = await Run("refresh", "--all");
        Assert.True(code == 0, stderr);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        FeedHubProcess.RunAsync([.. args, "--config", config], null, ("FeedHub__Logging__LogLevel__Default", "Information"));

    private async Task<int> CountAsync()
    {
        var (_, stdout, _) = await Run("query", "SELECT count(*) AS n FROM articles", "--format", "json");
        return JsonDocument.Parse(stdout).RootElement[0].GetProperty("n").GetInt32();
    }

    [Fact]
    public async Task Purge_older_than_a_date_takes_what_is_dated_before_it_however_recently_it_was_stored()
    {
        // All three were stored a moment ago; two are dated 2020. The daily purge keeps such stories its whole period,
        // but a date an operator names is taken at its word.
        var (code, stdout, stderr) = await Run("db", "purge", "--older-than", "2021-01-01");
        var remaining = await CountAsync();
        var (keepCode, keepStdout, keepStderr) = await Run("db", "purge", "--keep-per-source", "0");

        Assert.Equal(0, code);
        Assert.Equal("2 articles purged", stdout.Trim());
        Assert.Contains("Purged 2 articles: dated before 2021-01-01T00:00:00Z", stderr);
        Assert.Equal(1, remaining);
        Assert.Equal(0, keepCode);
        Assert.Equal("1 articles purged", keepStdout.Trim());
        Assert.Contains("Purged 1 articles: beyond the newest 0 of their source", keepStderr);
        Assert.DoesNotContain("(null)", stderr + keepStderr); // the log used to say "older than (null)"
    }

    [Fact]
    public async Task Vacuum_counts_the_write_ahead_log_before_and_after()
    {
        // A connection held open keeps the -wal file from being folded in when the writing process exits, as a
        // running server does; the store's size then lives partly in it.
        using var reader = new SqliteConnection($"Data Source={dir.File("feedhub.db")};Pooling=False");
        reader.Open();
        using (var command = reader.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM articles";
            command.ExecuteScalar();
        }
        Assert.Equal(0, (await Run("db", "purge", "--older-than", "2021-01-01")).ExitCode);

        var (code, stdout, stderr) = await Run("db", "vacuum");

        Assert.True(code == 0, stderr);
        var lines = stdout.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        var total = Regex.Match(lines[0], @": (?<before>\d+) KiB -> (?<after>\d+) KiB \(the file with its -wal and -shm\)$");
        var before = Sizes().Match(lines[1]);
        var after = Sizes().Match(lines[2]);
        Assert.True(total.Success && before.Success && after.Success, stdout);
        Assert.True(Number(before, "wal") > 0, stdout);
        Assert.Equal(0, Number(after, "wal"));
        var parts = Number(before, "main") + Number(before, "wal") + Number(before, "shm");
        Assert.InRange(Number(total, "before"), parts, parts + 2); // each figure is rounded down to whole KiB
    }

    [Fact]
    public async Task Vacuum_keeps_the_search_index_on_the_articles_it_indexed()
    {
        // articles_fts is keyed on the articles' rowids (the table has no INTEGER PRIMARY KEY), and SQLite only promises
        // to keep such rowids through VACUUM in practice: purging the first two rows leaves a gap that a renumbering
        // VACUUM would close, after which the search would find the wrong story or none.
        Assert.Equal(0, (await Run("db", "purge", "--older-than", "2021-01-01")).ExitCode);
        Assert.Equal(0, (await Run("db", "vacuum")).ExitCode);

        var (code, stdout, stderr) = await Run("search", "new", "--format", "json");

        Assert.True(code == 0, stderr);
        var titles = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(hit => hit.GetProperty("title").GetString()).ToList();
        Assert.Equal(["New one"], titles);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^  (before|after): +(?<main>\d+) KiB \+ WAL (?<wal>\d+) KiB \+ shm (?<shm>\d+) KiB$")]
    private static partial Regex Sizes();

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        dir.Dispose();
    }
}
