using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;

namespace FeedHub.Benchmarks.Processing;

/// <summary>
/// `feedhub refresh --all` over the ingest benchmark's 500 feeds when none has changed (every feed answers 304), run as an
/// operator runs it (the built executable), beside a plain parallel client sending the same 500 conditional GETs in the
/// same run. Each feed answer waits --latency ms (20 by default), a round trip to a real site, since on bare loopback
/// the command's own start would hide the polls. The store is filled first by one refresh with page fetching off, so that only the feeds are in it.
/// </summary>
public static class RefreshBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3);
        var latency = TimeSpan.FromMilliseconds(args.SkipWhile(a => a != "--latency").Skip(1).Select(int.Parse).FirstOrDefault(20));
        var (serverProcess, port) = await IngestBenchmark.StartUpstreamAsync(latency);
        Console.WriteLine($"each feed answers after {latency.TotalMilliseconds:0} ms, as a site a round trip away would");
        var dir = Directory.CreateTempSubdirectory("feedhub-refresh-bench-");
        try
        {
            var config = Path.Combine(dir.FullName, "feedhub.json");
            File.WriteAllText(config, IngestBenchmark.Config(dir.FullName, port, interval: "00:30:00"));
            var (fillCode, fillWall, _) = await RunFeedHubAsync(config, ("FeedHub__Polling__FetchArticlePages", "false"));
            Console.WriteLine($"filled the store: refresh --all of 500 new feeds without pages, exit {fillCode}, {fillWall.TotalSeconds:0.00} s");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2 });
            for (var round = 1; round <= rounds; round++)
            {
                var (code, wall, cpu) = await RunFeedHubAsync(config);
                var (oneCode, oneWall, oneCpu) = await RunFeedHubAsync(config, ("--source", "s0"));
                var plain = await PlainClientAsync(client, port);
                Console.WriteLine($"round {round}: refresh --all (500 x 304) exit {code}: {wall.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU; " +
                    $"refresh of one source (the command's start) exit {oneCode}: {oneWall.TotalSeconds:0.00} s, {oneCpu.TotalSeconds:0.00} s CPU; " +
                    $"plain parallel client (16 at once, 2 per host): {plain.TotalSeconds:0.00} s; " +
                    $"refresh less its start / plain client: {(wall - oneWall) / plain:0.0}x");
            }
        }
        finally
        {
            serverProcess.StandardInput.Close();
            await serverProcess.WaitForExitAsync();
            serverProcess.Dispose();
            dir.Delete(recursive: true);
        }
        return 0;
    }

    /// <summary>Runs `feedhub refresh` (--all unless a --source is given), timing its wall clock and its CPU (user + system).</summary>
    private static async Task<(int ExitCode, TimeSpan Wall, TimeSpan Cpu)> RunFeedHubAsync(string config, params (string Name, string Value)[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "feedhub.dll"));
        start.ArgumentList.Add("refresh");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        if (extra.Any(e => e.Name == "--source")) foreach (var (name, value) in extra) start.ArgumentList.Add(name == "--source" ? $"--source={value}" : value);
        else start.ArgumentList.Add("--all");
        foreach (var (name, value) in extra.Where(e => e.Name.StartsWith("FeedHub__", StringComparison.Ordinal))) start.Environment[name] = value;
        var cpuBefore = ChildrenCpu();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = watch.Elapsed;
        await stdout;
        if (process.ExitCode != 0) Console.Error.WriteLine((await stderr).Split('\n').FirstOrDefault());
        return (process.ExitCode, wall, ChildrenCpu() - cpuBefore);
    }

    /// <summary>The same 500 conditional GETs, 16 at once and at most 2 per host, as the simplest client would send them.</summary>
    private static async Task<TimeSpan> PlainClientAsync(HttpClient client, int port)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.{2 + i % 20}:{port}/feed/{i}");
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"v1\""));
            using var response = await client.SendAsync(request, ct);
            if ((int)response.StatusCode != 304) throw new InvalidOperationException($"feed {i}: {(int)response.StatusCode}");
        });
        return watch.Elapsed;
    }

    /// <summary>CPU time of the children waited for so far, from getrusage(RUSAGE_CHILDREN). Linux only.</summary>
    private static TimeSpan ChildrenCpu()
    {
        var usage = new long[18];
        if (GetRusage(-1, usage) != 0) return TimeSpan.Zero;
        return TimeSpan.FromMicroseconds((usage[0] + usage[2]) * 1_000_000 + usage[1] + usage[3]);
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
