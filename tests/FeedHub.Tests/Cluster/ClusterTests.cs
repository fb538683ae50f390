using System.Globalization;
using System.Net;
using System.Text.Json;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace FeedHub.Tests.Cluster;

/// <summary>
/// Three real `feedhub serve` workers on one PostgreSQL database, a hundred feeds on one loopback origin. Each feed is
/// fetched once per due time by one worker; a worker killed with SIGKILL in the middle of a poll has that poll run again
/// by another within the failover time, storing nothing twice and losing nothing; the origin never sees more requests
/// at once than Polling.MaxRequestsPerHost, whichever workers make them; every worker serves a feed with the same bytes
/// and ETag.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int FeedCount = 100;
    private const int ItemsPerFeed = 2;
    private const int MaxPerOrigin = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Checkin = TimeSpan.FromSeconds(2);
    /// <summary>Quartz takes a worker for dead Checkin + misfire threshold (= Checkin) after its last check-in, and a
    /// survivor notices at its next check-in: three check-ins, plus up to three seconds for the recovered poll to be
    /// fired and reach the origin on a busy two-core machine (measured 4.8 to 7.8 s).</summary>
    private static readonly TimeSpan Failover = 3 * Checkin + TimeSpan.FromSeconds(3);

    private readonly TempDirectory dir = new();
    private readonly Dictionary<string, ClusterWorker> workers = [];
    private FeedFarm farm = null!;
    private string database = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        database = Postgres.CreateDatabase();
        farm = await FeedFarm.StartAsync(FeedCount, ItemsPerFeed);
        config = dir.Write("feedhub.json", JsonSerializer.Serialize(new
        {
            Store = new { Provider = "postgres", ConnectionString = database, Path = dir.File("feedhub.db") },
            Cluster = new { CheckinInterval = "00:00:02" },
            // One public address for all: published links, and so the feeds' bytes, don't depend on the worker that serves them.
            Http = new { Url = "http://127.0.0.1:0", PublicUrl = "http://feeds.example.test/" },
            Polling = new { MinInterval = "00:00:01", RequestTimeout = "00:00:30", MaxRequestsPerHost = MaxPerOrigin },
            Network = new { AllowedNetworks = new[] { "127.0.0.0/8" } },
            Syndication = new { Enabled = false }, // every page is its own story; nothing to merge
            Sections = new[] { new { Slug = "news", Name = "News" } },
            Sources = Enumerable.Range(0, FeedCount).Select(f => new { Id = $"s{f}", Url = farm.FeedUrl(f).AbsoluteUri, Sections = new[] { "news" }, Interval = "00:00:10" }),
            Logging = new { LogLevel = new { Default = "Warning", FeedHub = "Information" } },
        }));
    }

    [SkippableFact]
    public async Task Three_workers_poll_each_feed_once_per_due_time_and_take_over_a_killed_workers_poll()
    {
        // All at once: the store's schema, the cluster's tables and the jobs are made once, and no worker moves another's jobs.
        foreach (var name in new[] { "worker-1", "worker-2", "worker-3" }) Start(name);
        foreach (var worker in workers.Values) await worker.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await WaitAsync("the first poll of every feed and all its articles", TimeSpan.FromSeconds(60),
            () => StoredArticles() == FeedCount * ItemsPerFeed);
        var firstRound = DateTimeOffset.UtcNow;
        await Task.Delay(3 * Interval); // three due times of every feed

        // A poll caught in the middle: new items whose pages are held, and the worker that fetches one of them is killed.
        var slowFeeds = Enumerable.Range(0, 6).ToList();
        var slowItems = slowFeeds.Select(f => farm.AddItem(f, slow: true)).ToList();
        var held = await Eventually.GetAsync(() => Task.FromResult(farm.Requests.FirstOrDefault(r => slowItems.Any(i => r.Path == "/page/" + i))));
        var victim = held.Worker;
        var killedFeed = int.Parse(held.Path.Split('/')[2].Split('-')[0][1..], CultureInfo.InvariantCulture);
        var killedAt = DateTimeOffset.UtcNow;
        await workers[victim].KillAsync(); // its poll's transaction never commits
        farm.ReleaseSlowPages();

        var retaken = await Eventually.GetAsync(() => Task.FromResult(farm.Requests.FirstOrDefault(r =>
            r.Path == $"/feed/{killedFeed}.xml" && r.At > killedAt && r.Worker != victim)));
        var failover = retaken.At - killedAt;
        await WaitAsync("every item stored, the held ones too", TimeSpan.FromSeconds(60), () => StoredArticles() == farm.ItemCount);
        await Task.Delay(2 * Interval); // the survivors go on polling every source
        var end = DateTimeOffset.UtcNow;

        var feedFetches = farm.Requests.Where(r => r.Path.StartsWith("/feed/", StringComparison.Ordinal)).ToList();
        // A killed poll and its re-run are one due time: the re-run stands for it. That is the held one, and any other the
        // victim had under way (Polling.MaxConcurrentPolls at once): its fetches in the last seconds before the kill.
        var killedPoll = feedFetches.Where(r => r.Path == $"/feed/{killedFeed}.xml" && r.Worker == victim && r.At <= held.At).MaxBy(r => r.At);
        var interrupted = feedFetches.Where(r => r.Worker == victim && (r == killedPoll || r.At > killedAt - TimeSpan.FromSeconds(3))).ToHashSet();
        output.WriteLine($"feed fetches {feedFetches.Count}, page fetches {farm.Requests.Count(r => r.Path.StartsWith("/page/", StringComparison.Ordinal))}, " +
            $"by worker {string.Join(", ", feedFetches.GroupBy(r => r.Worker).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}; " +
            $"killed {victim} during a poll of s{killedFeed} ({interrupted.Count} of its fetches in the last 3 s), retaken by {retaken.Worker} after {failover.TotalSeconds:0.0} s; " +
            $"articles {StoredArticles()} of {farm.ItemCount}, distinct {DistinctArticles()}; most requests at once {farm.MostAtOnce}");

        // Nothing stored twice (the recovered poll included), nothing lost.
        Assert.Equal(farm.ItemCount, StoredArticles());
        Assert.Equal(StoredArticles(), DistinctArticles());
        Assert.True(failover <= Failover, $"the killed worker's poll was taken over after {failover.TotalSeconds:0.0} s, over {Failover.TotalSeconds} s");
        Assert.NotEqual(victim, retaken.Worker);
        // Once per due time: two fetches of a feed are about an interval apart, and none is further apart than an interval
        // plus a failover (a missed one would be). A double poll (two workers firing one due time) would be two fetches within
        // a second or two; the bound is half an interval, not a whole one, because a poll waiting for one of the origin's
        // slots (MaxPerOrigin across the cluster, 100 feeds on one origin) fetches late while the next due time stays put.
        var dueTimes = (int)Math.Ceiling((end - firstRound) / Interval);
        foreach (var fetches in feedFetches.GroupBy(r => r.Path))
        {
            var times = fetches.Where(r => r.At >= firstRound && !interrupted.Contains(r)).Select(r => r.At).Order().ToList();
            Assert.True(times.Count >= 4, $"{fetches.Key} fetched {times.Count} times since the first round");
            Assert.True(times.Count <= dueTimes + 1, $"{fetches.Key} fetched {times.Count} times in {dueTimes} due times");
            foreach (var (before, after) in times.Zip(times.Skip(1)))
            {
                Assert.True(after - before >= Interval / 2, $"{fetches.Key} fetched twice within {(after - before).TotalSeconds:0.0} s");
                // Around the kill the held pages occupy the origin's slots and the dead worker's acquired triggers wait for the
                // failover: such a gap may be longer, by a few seconds on a loaded machine (21.0 and 21.5 s seen).
                var aroundKill = before <= killedAt + Failover && after >= killedAt - Interval;
                var longest = Interval + Failover + TimeSpan.FromSeconds(aroundKill ? 6 : 2);
                Assert.True(after - before <= longest, $"{fetches.Key} not fetched for {(after - before).TotalSeconds:0.0} s");
            }
            Assert.True(end - times[^1] <= Interval + Failover + TimeSpan.FromSeconds(2), $"{fetches.Key} last fetched {(end - times[^1]).TotalSeconds:0.0} s before the end");
        }
        Assert.InRange(farm.MostAtOnce, 2, MaxPerOrigin); // requests from several workers overlapped, never past the limit

        // Any worker serves the feed, the same bytes under the same ETag.
        using var client = new HttpClient();
        var answers = new List<(string ETag, byte[] Body)>();
        foreach (var worker in workers.Values.Where(w => w.Name != victim))
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{worker.Port}/feeds/news.rss");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add((response.Headers.ETag?.Tag ?? "", await response.Content.ReadAsByteArrayAsync()));
        }
        Assert.All(answers, a => Assert.Equal(answers[0].ETag, a.ETag));
        Assert.All(answers, a => Assert.Equal(answers[0].Body, a.Body));
        Assert.Contains(slowItems[0], System.Text.Encoding.UTF8.GetString(answers[0].Body));

        // `feedhub status`: the survivors alive in the cluster, and each source's last poll by a worker of it.
        var status = await FeedHubProcess.RunAsync(["status", "--workers", "--format", "json", "--config", config]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var alive = JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray()
            .Where(w => w.GetProperty("state").GetString() == "alive").Select(w => w.GetProperty("worker").GetString()!).Order().ToList();
        Assert.Equal(workers.Keys.Where(w => w != victim).Order().ToList(), alive);
        var sources = await FeedHubProcess.RunAsync(["status", "--format", "json", "--config", config]);
        Assert.True(sources.ExitCode == 0, sources.Stderr);
        Assert.All(JsonDocument.Parse(sources.Stdout).RootElement.EnumerateArray(),
            s => Assert.Contains(s.GetProperty("last_polled_by").GetString(), workers.Keys));
    }

    private void Start(string name) => workers[name] = ClusterWorker.Start(name, config, dir.Path);

    private async Task WaitAsync(string what, TimeSpan patience, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {patience.TotalSeconds} s: {what} ({StoredArticles()} articles)");
            if (workers.Values.FirstOrDefault(w => w.Process.HasExited && w.Process.ExitCode != 137 && w.Process.ExitCode != -1) is { } dead)
                throw new InvalidOperationException($"{dead.Name} exited with {dead.Process.ExitCode}: {string.Join('\n', dead.Log.TakeLast(5))}");
            await Task.Delay(200);
        }
    }

    private long StoredArticles() => Count("SELECT count(*) FROM articles");

    private long DistinctArticles() => Count("SELECT count(DISTINCT source_id || ' ' || guid) FROM articles");

    /// <summary>Reads the store as a script would: in PostgreSQL once the store lives there, else in the shared SQLite file.</summary>
    private long Count(string sql)
    {
        using (var connection = new NpgsqlConnection(database))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT to_regclass('articles') IS NOT NULL", connection);
            if ((bool)exists.ExecuteScalar()!)
            {
                using var command = new NpgsqlCommand(sql, connection);
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
        }
        if (!File.Exists(dir.File("feedhub.db"))) return 0;
        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dir.File("feedhub.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        sqlite.Open();
        using var read = sqlite.CreateCommand();
        read.CommandText = sql;
        try
        {
            return Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // the schema is not there yet
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in workers.Values)
        {
            foreach (var line in worker.Log.Where(l => l.StartsWith("fail", StringComparison.Ordinal) || l.StartsWith("stderr", StringComparison.Ordinal)))
                output.WriteLine($"{worker.Name}: {line}");
            await worker.DisposeAsync();
        }
        await farm.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
