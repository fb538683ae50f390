using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>
/// The operator's verbs through the real executable on a PostgreSQL store: refresh fills it, `feedhub query` reads it
/// but refuses to write or to run a second statement (told apart from a syntax error by the error's routine), and stops at its time budget; `db migrate` names the store.
/// </summary>
public sealed class PostgresCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer? upstream;
    private string config = "";
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        if (!Postgres.IsAvailable) return;
        connectionString = Postgres.CreateDatabase();
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("g1", "Harbour cranes stop", upstream.Url("x1"), "<p>Dock workers walked out.</p>", DateTimeOffset.UtcNow.AddHours(-1))),
            "application/rss+xml");
        config = TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:05:00"));
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        FeedHubProcess.RunAsync([.. args, "--config", config], null,
            ("FeedHub__Store__Provider", "postgres"), ("FeedHub__Store__ConnectionString", connectionString));

    [SkippableFact]
    public async Task Query_reads_the_store_but_refuses_writes_second_statements_and_overlong_queries()
    {
        Postgres.Require();
        var (refreshed, _, refreshError) = await Run("refresh", "--all");
        Assert.True(refreshed == 0, refreshError);

        var read = await Run("query", "SELECT title FROM v_articles");
        var write = await Run("query", "DELETE FROM articles");
        var second = await Run("query", "SELECT 1; DELETE FROM articles");
        var typo = await Run("query", "SELECT 1; SELEC 2"); // a syntax error of its own, not a second statement refused
        var slow = await Run("query", "SELECT pg_sleep(5)", "--timeout", "1");
        var stillThere = await Run("query", "SELECT count(*) AS n FROM articles", "--format", "json");
        var migrate = await Run("db", "migrate");

        Assert.Contains("Harbour cranes stop", read.Stdout);
        Assert.Contains("refused: cannot execute DELETE in a read-only transaction", write.Stderr);
        Assert.Contains("only one statement may be given", second.Stderr);
        Assert.Contains("syntax error at or near \"SELEC\"", typo.Stderr);
        Assert.DoesNotContain("only one statement", typo.Stderr);
        Assert.Contains("stopped after 1 s, the time budget", slow.Stderr);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(stillThere.Stdout).RootElement[0].GetProperty("n").GetInt32());
        Assert.Matches(@"PostgreSQL at 127\.0\.0\.1:\d+ \(database feedhub_test_\w+\): schema version 16", migrate.Stdout);
    }

    public async Task DisposeAsync()
    {
        if (upstream is not null) await upstream.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
