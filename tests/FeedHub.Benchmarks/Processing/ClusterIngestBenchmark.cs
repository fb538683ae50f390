using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FeedHub.Benchmarks.Processing;

/// <summary>
/// The ingest benchmark's loopback farm (N feeds x 20 items, each item's page one of the benchmark's real pages, 20
/// loopback addresses) polled by real `feedhub serve` processes (the feedhub.dll built beside the benchmarks): one on
/// SQLite as the baseline, then 1, 2, 3... workers on one new PostgreSQL database each, all in the same run. Each run
/// is measured from the workers' start until every source has a recorded first poll (source_polls): wall time,
/// articles/s, the workers' CPU (user + system from /proc, whole process lives, start included) per 1,000 articles,
/// peak RSS per worker (VmHWM), and the articles stored, checked against the SQLite count. "From 1st poll": the rate and
/// the CPU after the first poll is recorded, which leaves out most of each process's start. Linux only.
/// </summary>
public static class ClusterIngestBenchmark
{
    private const int ItemsPerFeed = 20;
    private const int Hosts = 20;
    /// <summary>A source's first poll is jittered over a tenth of its interval (at most 15 s): two minutes keep that under 12 s
    /// (500 feeds arrive faster than 2 cores poll them, so the queue is never empty), and are longer than a run, so the count
    /// of polls shows any duplicate (a second poll of a source).</summary>
    private const string Interval = "00:02:00";

    private sealed record Result(string Setup, int Workers, double Wall, double FirstPoll, long Articles, long Stories, long Polls,
        long FailedPolls, double Cpu, double CpuAtFirstPoll, IReadOnlyList<long> PeakRssMiB, int LogErrors, string? FirstError);

    public static async Task<int> RunAsync(string[] args)
    {
        var feeds = args.SkipWhile(a => a != "--feeds").Skip(1).Select(int.Parse).FirstOrDefault(500);
        var counts = args.SkipWhile(a => a != "--workers").Skip(1).Select(w => w.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([1, 2, 3]);
        var server = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault() ?? Environment.GetEnvironmentVariable("FEEDHUB_TEST_POSTGRES");
        var feedhub = Path.Combine(AppContext.BaseDirectory, "feedhub.dll");
        if (!File.Exists(feedhub)) throw new FileNotFoundException("feedhub.dll is built beside the benchmarks (dotnet build -c Release tests/FeedHub.Benchmarks)", feedhub);
        if (server is null) Console.WriteLine("no PostgreSQL (--postgres CONN or FEEDHUB_TEST_POSTGRES, e.g. eval \"$(.ci/postgres start)\"): SQLite only");

        var (upstream, port) = await IngestBenchmark.StartUpstreamAsync();
        var results = new List<Result>();
        try
        {
            Console.WriteLine($"{feeds} feeds x {ItemsPerFeed} items on {Hosts} loopback addresses; interval {Interval}; each run a new store and new `feedhub serve` processes");
            results.Add(await RunOnceAsync(feedhub, port, feeds, "SQLite", 1, postgres: null));
            Print(results[^1]);
            if (server is not null)
                foreach (var workers in counts)
                {
                    results.Add(await RunOnceAsync(feedhub, port, feeds, "PostgreSQL", workers, server));
                    Print(results[^1]);
                }
        }
        finally
        {
            upstream.StandardInput.Close();
            await upstream.WaitForExitAsync();
            upstream.Dispose();
        }

        var baseline = results[0];
        Console.WriteLine();
        Console.WriteLine("| store | workers | wall s | to 1st poll s | articles | stories | polls (failed) | articles/s | from 1st poll | CPU s | CPU s / 1,000 articles | vs SQLite | from 1st poll | vs SQLite | peak RSS MiB per worker | log errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var r in results)
        {
            var perThousand = r.Cpu / r.Articles * 1000;
            var basePerThousand = baseline.Cpu / baseline.Articles * 1000;
            var pollPerThousand = (r.Cpu - r.CpuAtFirstPoll) / r.Articles * 1000;
            var basePollPerThousand = (baseline.Cpu - baseline.CpuAtFirstPoll) / baseline.Articles * 1000;
            Console.WriteLine($"| {r.Setup} | {r.Workers} | {r.Wall:0.0} | {r.FirstPoll:0.0} | {r.Articles:N0} | {r.Stories:N0} | {r.Polls:N0} ({r.FailedPolls}) | " +
                $"{r.Articles / r.Wall:0} | {r.Articles / (r.Wall - r.FirstPoll):0} | {r.Cpu:0.0} | {perThousand:0.00} | {perThousand / basePerThousand:0.00}x | " +
                $"{pollPerThousand:0.00} | {pollPerThousand / basePollPerThousand:0.00}x | {string.Join(", ", r.PeakRssMiB)} | {r.LogErrors} |");
        }
        var expected = (long)feeds * ItemsPerFeed;
        var ok = results.All(r => r.Articles == expected && r.Articles == baseline.Articles && r.Polls == feeds);
        Console.WriteLine($"check: every run stored {expected:N0} articles (the SQLite single node's {baseline.Articles:N0}) with exactly one poll per source: {(ok ? "yes" : "NO")}");
        foreach (var r in results.Where(r => r.FirstError is not null)) Console.WriteLine($"  {r.Setup} x{r.Workers}, first error logged: {r.FirstError}");
        return ok ? 0 : 1;
    }

    private static void Print(Result r) =>
        Console.WriteLine($"{r.Setup}, {r.Workers} worker(s): {r.Articles:N0} articles ({r.Stories:N0} stories) in {r.Wall:0.0} s, {r.Polls} polls, CPU {r.Cpu:0.0} s, peak RSS {string.Join("/", r.PeakRssMiB)} MiB");

    private static async Task<Result> RunOnceAsync(string feedhub, int upstreamPort, int feeds, string setup, int workerCount, string? postgres)
    {
        var dir = Directory.CreateTempSubdirectory("feedhub-cluster-bench-");
        string? database = null;
        var processes = new List<(Process Process, ConcurrentQueue<string> Log)>();
        try
        {
            if (postgres is not null)
            {
                var name = "feedhub_bench_" + Guid.NewGuid().ToString("N")[..12];
                await using var connection = new NpgsqlConnection(postgres);
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync();
                database = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
            }
            var sqlitePath = Path.Combine(dir.FullName, "feedhub.db");
            var config = Path.Combine(dir.FullName, "feedhub.json");
            File.WriteAllText(config, JsonSerializer.Serialize(new
            {
                Store = postgres is null ? (object)new { Path = sqlitePath } : new { Provider = "postgres", ConnectionString = database, Path = sqlitePath },
                Http = new { Url = "http://127.0.0.1:0", PublicUrl = "http://feeds.example.test/" },
                Polling = new { MinInterval = "00:00:01" },
                Network = new { AllowedNetworks = new[] { "127.0.0.0/8" } },
                Sections = new[] { new { Slug = "news", Name = "News" } },
                Sources = Enumerable.Range(0, feeds).Select(i => new
                {
                    Id = $"s{i}", Url = $"http://127.0.0.{2 + i % Hosts}:{upstreamPort}/feed/{i}", Section = "news", Interval,
                }),
                Logging = new { LogLevel = new { Default = "Warning" } },
            }));

            var watch = Stopwatch.StartNew();
            for (var w = 1; w <= workerCount; w++)
            {
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.FullName };
                foreach (var arg in new[] { feedhub, "serve", "--config", config }) start.ArgumentList.Add(arg);
                start.Environment["FeedHub__Http__Url"] = $"http://127.0.0.1:{FreePort()}";
                start.Environment["FeedHub__Cluster__WorkerId"] = $"worker-{w}";
                start.Environment.Remove("DOTNET_DiagnosticPorts");
                var log = new ConcurrentQueue<string>();
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, e) => { if (e.Data is { } line) log.Enqueue(line); };
                process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) log.Enqueue("stderr: " + line); };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add((process, log));
            }

            double firstPoll = 0, cpuAtFirstPoll = 0;
            var deadline = TimeSpan.FromMinutes(10);
            while (true)
            {
                var polled = Scalar(database, sqlitePath, "SELECT count(DISTINCT source_id) FROM source_polls");
                if (polled > 0 && firstPoll == 0)
                {
                    firstPoll = watch.Elapsed.TotalSeconds;
                    cpuAtFirstPoll = processes.Sum(p => ProcessCpuSeconds(p.Process.Id)); // the start's cost, roughly (a few polls are under way)
                }
                if (polled >= feeds) break;
                if (processes.FindIndex(p => p.Process.HasExited) is >= 0 and var exited && processes[exited] is var dead)
                    throw new InvalidOperationException($"a worker exited with {dead.Process.ExitCode}: {string.Join('\n', dead.Log.TakeLast(5))}");
                if (watch.Elapsed > deadline) throw new TimeoutException($"{polled} of {feeds} sources polled after {deadline.TotalMinutes} min");
                await Task.Delay(100);
            }
            var wall = watch.Elapsed.TotalSeconds;
            // CPU and peak RSS of the processes as they are now, before any shutdown work.
            var cpu = processes.Sum(p => ProcessCpuSeconds(p.Process.Id));
            var rss = processes.Select(p => PeakRssMiB(p.Process.Id)).ToList();
            var articles = Scalar(database, sqlitePath, "SELECT count(*) FROM article_sources");
            var stories = Scalar(database, sqlitePath, "SELECT count(*) FROM articles");
            var polls = Scalar(database, sqlitePath, "SELECT count(*) FROM source_polls");
            var failed = Scalar(database, sqlitePath, "SELECT count(*) FROM source_polls WHERE error IS NOT NULL");
            var errors = processes.SelectMany(p => p.Log).Where(l => l.StartsWith("fail", StringComparison.Ordinal) || l.StartsWith("crit", StringComparison.Ordinal)
                || l.StartsWith("stderr", StringComparison.Ordinal)).ToList();
            return new Result(setup, workerCount, wall, firstPoll, articles, stories, polls, failed, cpu, cpuAtFirstPoll, rss, errors.Count,
                errors.Count == 0 ? null : string.Join(" ", processes.SelectMany(p => p.Log).SkipWhile(l => l != errors[0]).Take(2)));
        }
        finally
        {
            foreach (var (process, _) in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
            SqliteConnection.ClearAllPools();
            if (database is not null && postgres is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(postgres);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A count from the store: PostgreSQL's database, or the SQLite file read-only; 0 while the schema is not there yet.</summary>
    private static long Scalar(string? database, string sqlitePath, string sql)
    {
        try
        {
            if (database is not null)
            {
                using var connection = new NpgsqlConnection(database);
                connection.Open();
                using var command = new NpgsqlCommand(sql, connection);
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            if (!File.Exists(sqlitePath)) return 0;
            using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            sqlite.Open();
            using var read = sqlite.CreateCommand();
            read.CommandText = sql;
            return Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is SqliteException or PostgresException)
        {
            return 0; // the schema is not there yet (or the file is being created)
        }
    }

    /// <summary>User + system CPU seconds of a live process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd (state) on
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>VmHWM of /proc/PID/status: the peak resident set, in MiB.</summary>
    private static long PeakRssMiB(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
