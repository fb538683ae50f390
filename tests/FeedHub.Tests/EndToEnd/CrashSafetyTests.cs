using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The real executable killed with SIGKILL in the middle of an ingest, then started again: the store is intact,
/// holds no duplicate, holds every article whose poll was reported, and polling goes on to the end.
/// </summary>
public sealed partial class CrashSafetyTests : IAsyncLifetime, IDisposable
{
    private const int FeedCount = 40;
    private const int ItemsPerFeed = 10;
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        var page = SeedArticle.Html;
        for (var f = 0; f < FeedCount; f++)
        {
            upstream.Serve($"feed{f}.xml", Feeds.Rss(Enumerable.Range(0, ItemsPerFeed)
                .Select(i => new Feeds.Item($"f{f}-{i}", $"Story {f}-{i}", upstream.Url($"page/{f}/{i}"))).ToArray()), "application/rss+xml");
            for (var i = 0; i < ItemsPerFeed; i++)
            {
                // Each page its own story (its own rel=canonical), or FeedHub would rightly store them as one.
                var story = page.Replace("https://news.example.com/world-defense/north-korea-test-fires-new-missile/", upstream.Url($"page/{f}/{i}").AbsoluteUri);
                upstream.Handle($"page/{f}/{i}", async context =>
                {
                    await Task.Delay(30); // slow enough that a kill lands mid-ingest
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync(story);
                });
            }
        }
        config = TestConfig.Write(dir, Enumerable.Range(0, FeedCount).Select(f => ($"s{f}", upstream.Url($"feed{f}.xml"), "00:00:30")).ToArray());
    }

    [Fact]
    public async Task A_killed_ingest_leaves_an_intact_store_and_resumes()
    {
        var reported = new Dictionary<string, int>();
        using (var first = Start())
        {
            try
            {
                await Eventually.TrueAsync(() => Count("SELECT count(*) FROM articles") >= 60);
            }
            finally
            {
                first.Kill(); // SIGKILL: no shutdown, no flush (and no process left behind when the wait fails)
                await first.WaitForExitAsync();
            }
            foreach (Match m in Polled().Matches(await first.StandardOutput.ReadToEndAsync()))
                reported[m.Groups["source"].Value] = int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture);
        }
        var stored = Count("SELECT count(*) FROM articles");
        Assert.InRange(stored, 60, FeedCount * ItemsPerFeed - 1); // killed mid-ingest

        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        Assert.Equal(stored, Count("SELECT count(DISTINCT source_id || ' ' || guid) FROM articles"));
        foreach (var (source, count) in reported)
            Assert.Equal(count, Count($"SELECT count(*) FROM articles WHERE source_id = '{source}'"));
        // A poll is one transaction: a source has all its items or none of them.
        Assert.Equal(0, Count($"SELECT count(*) FROM (SELECT source_id FROM articles GROUP BY source_id HAVING count(*) <> {ItemsPerFeed})"));

        using var second = Start();
        try
        {
            await Eventually.TrueAsync(() => Count("SELECT count(*) FROM articles") == FeedCount * ItemsPerFeed);
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        Assert.Equal(FeedCount * ItemsPerFeed, Count("SELECT count(DISTINCT source_id || ' ' || guid) FROM articles"));
    }

    private Process Start()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "feedhub.dll"), "serve", "--config", config }) start.ArgumentList.Add(arg);
        start.Environment["FeedHub__Logging__LogLevel__Default"] = "Information";
        start.Environment["FeedHub__Http__Url"] = $"http://127.0.0.1:{FreePort()}";
        // Every page has the seed's text: another source's copy of it would rightly join the first story (syndication).
        start.Environment["FeedHub__Syndication__Enabled"] = "false";
        return Process.Start(start)!;
    }

    private long Count(string sql) => Convert.ToInt64(Scalar(sql) ?? 0L, CultureInfo.InvariantCulture);

    /// <summary>Reads the store as a script would, read-only, while FeedHub writes (or after it died).</summary>
    private object? Scalar(string sql)
    {
        if (!File.Exists(dir.File("feedhub.db"))) return null;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dir.File("feedhub.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return command.ExecuteScalar();
        }
        catch (SqliteException)
        {
            return null; // the schema is not there yet
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Polled (?<source>s\d+) \([^)]*\): Updated, (?<count>\d+) new articles")]
    private static partial Regex Polled();

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    public void Dispose() => dir.Dispose();
}
