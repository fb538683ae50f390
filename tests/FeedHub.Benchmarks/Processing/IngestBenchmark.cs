using System.Diagnostics;
using System.Globalization;
using System.Net;
using FeedHub.Benchmarks.Extraction;
using FeedHub.Core;
using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;

namespace FeedHub.Benchmarks.Processing;

/// <summary>
/// End-to-end ingest: 500 feeds x 20 items from a loopback server spread over 20 loopback addresses (so the
/// per-host limit acts as it would across real sites), each item's page one of the benchmark's real pages.
/// Polls all sources as the scheduler does (SourceBatchPoller), Polling.MaxConcurrentPolls at a time (or --parallel N), then re-polls
/// them all (every feed answers 304).
/// </summary>
public static class IngestBenchmark
{
    private const int Feeds = 500;
    private const int ItemsPerFeed = 20;
    private const int Hosts = 20;

    /// <summary>The loopback server, in a process of its own so that its memory is not counted as FeedHub's.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var pages = BenchmarkPage.Load(BenchmarkPage.FindFolder()).Select(p => p.Html).ToArray();
        var latency = TimeSpan.FromMilliseconds(args.SkipWhile(a => a != "--latency").Skip(1).Select(int.Parse).FirstOrDefault());
        await using var server = await StartServerAsync(pages, latency);
        Console.WriteLine(new Uri(server.Urls.First()).Port);
        await Console.In.ReadLineAsync(); // until the benchmark closes standard input
        return 0;
    }

    /// <summary>Starts the loopback server process; closing its standard input stops it.</summary>
    /// <param name="latency">How long each feed response waits before it is sent, as a round trip to a real site would.</param>
    public static async Task<(Process Process, int Port)> StartUpstreamAsync(TimeSpan latency = default)
    {
        var process = StartThisBenchmark("ingest-server", "--latency", ((int)latency.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        return (process, int.Parse((await process.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture));
    }

    /// <summary>A new process of this benchmark program (as it was started: `dotnet the.dll` or its apphost) running the verb.</summary>
    private static Process StartThisBenchmark(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
        // Under dotnet-trace (or another tool on a diagnostic port) the child is not the one traced: it must not wait for it.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(IngestBenchmark).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    /// <summary>
    /// The child of <see cref="ExtractionCpuPerThousandPagesCold"/>: a new process's first extractions, as many as the ingest
    /// stored (page n mod the page count, as the farm serves them), on one thread. Prints the CPU seconds per 1,000 pages, the
    /// JIT's compilations and the seconds compiling, on one line.
    /// </summary>
    public static int ExtractCold(string[] args)
    {
        var count = args.Length == 1 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"ingest-extraction-cold takes the number of pages to extract (a positive integer), not '{string.Join(' ', args)}'");
        var pages = BenchmarkPage.Load(BenchmarkPage.FindFolder());
        var process = Process.GetCurrentProcess();
        var (jitTimeBefore, jitMethodsBefore) = (System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount());
        var before = process.TotalProcessorTime;
        // Made here, as the ingest makes its extractor after its start: its construction is part of the cold cost.
        var extractor = new FeedHub.Core.Extraction.ArticleExtractor(new FeedHub.Core.Extraction.ContentSanitizer());
        for (var i = 0; i < count; i++) extractor.Extract(pages[i % pages.Count].Html, pages[i % pages.Count].Url);
        process.Refresh();
        var cpu = (process.TotalProcessorTime - before).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cpu / count * 1000:0.000} {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore} {(System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds:0.000}"));
        return 0;
    }

    /// <summary>
    /// Extraction alone, cold: the same pages, as many as the ingest stored, extracted by a new process of this program from its
    /// first call (its JIT and tiering included), as the cold ingest pays them. Returns CPU seconds per 1,000 pages, compilations, seconds compiling.
    /// </summary>
    private static async Task<(double PerThousand, long Compilations, double Compiling)> ExtractionCpuPerThousandPagesCold(int pages)
    {
        using var child = StartThisBenchmark("ingest-extraction-cold", pages.ToString(CultureInfo.InvariantCulture));
        var line = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var parts = line.Trim().Split(' ');
        if (child.ExitCode != 0 || parts.Length != 3)
            throw new InvalidOperationException($"ingest-extraction-cold exited with {child.ExitCode} and printed '{line.Trim()}', not 'CPU compilations seconds'");
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>A config with the 500 sources of the loopback server, in one section "news".</summary>
    public static string Config(string dir, int port, string interval)
    {
        var sources = Enumerable.Range(0, Feeds).Select(i =>
            $$"""{ "Id": "s{{i}}", "Url": "http://127.0.0.{{2 + i % Hosts}}:{{port}}/feed/{{i}}", "Section": "news", "Interval": "{{interval}}" }""");
        return $$"""
            { "Store": { "Path": "{{Path.Combine(dir, "bench.db")}}" }, "Http": { "Url": "http://127.0.0.1:0" }, "Polling": { "MinInterval": "00:00:01" },
              "Network": { "AllowedNetworks": [ "127.0.0.0/8" ] },
              "Sections": [ { "Slug": "news", "Name": "News" } ], "Sources": [ {{string.Join(",\n", sources)}} ],
              "Logging": { "LogLevel": { "Default": "Warning" } } }
            """;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parallel = args.SkipWhile(a => a != "--parallel").Skip(1).Select(int.Parse).FirstOrDefault(new PollingOptions().MaxConcurrentPolls);
        var (serverProcess, port) = await StartUpstreamAsync();
        try
        {
            // Twice, each into a new store: the first ingest of a process also pays for compiling the code it runs (the JIT and
            // its tiers, 12-23% of the CPU of that first minute in a perf profile), which extraction alone, timed warm, does not.
            // The warm round is the steady state of a long-running server; the cold one is what a fresh `feedhub serve` pays.
            var cold = await IngestOnceAsync(port, parallel, "cold: the first ingest of this process");
            var warm = await IngestOnceAsync(port, parallel, "warm: the same ingest again, into a new store");

            // After the ingests, so that the peak RSS is the ingests' own.
            var extractionWarm = ExtractionCpuPerThousandPages();
            // Cold with cold: the cold ingest pays for compiling everything it runs, extraction included, which the warm loop
            // above does not; a new process extracting the same number of pages pays that for the extraction alone.
            var (extractionCold, coldCompilations, coldCompiling) = await ExtractionCpuPerThousandPagesCold(cold.Stored);
            Console.WriteLine($"  extraction alone, cold (a new process of this program extracting the same {cold.Stored:N0} pages from its first call, one thread): " +
                $"JIT {coldCompilations:N0} compilations, {coldCompiling:0.0} s compiling");
            Console.WriteLine($"CPU per 1,000: extraction alone warm (extraction-speed's loop, fastest of 5 rounds) {extractionWarm:0.00} s per 1,000 pages, " +
                $"cold (a new process's first {cold.Stored:N0}) {extractionCold:0.00} s; ingest cold {cold.PerThousand:0.00} s per 1,000 articles stored, " +
                $"warm {warm.PerThousand:0.00} s");
            Console.WriteLine($"ratios (target <= 1.5): ingest cold / extraction cold {cold.PerThousand / extractionCold:0.00}x (a new process against a new process), " +
                $"ingest warm / extraction warm {warm.PerThousand / extractionWarm:0.00}x (both after their code is compiled), " +
                $"ingest cold / extraction warm {cold.PerThousand / extractionWarm:0.00}x (the earlier rounds' ratio: the cold ingest's JIT against none)");
        }
        finally
        {
            serverProcess.StandardInput.Close();
            await serverProcess.WaitForExitAsync();
            serverProcess.Dispose();
        }
        return 0;
    }

    /// <summary>One ingest of the 500 feeds into a new store, then their re-poll; returns the ingest's CPU seconds per 1,000 articles and the articles stored.</summary>
    private static async Task<(double PerThousand, int Stored)> IngestOnceAsync(int port, int parallel, string label)
    {
        var dir = Directory.CreateTempSubdirectory("feedhub-ingest-bench-");
        try
        {
            var config = Path.Combine(dir.FullName, "feedhub.json");
            File.WriteAllText(config, Config(dir.FullName, port, interval: "00:30:00"));
            var configuration = FeedHubConfiguration.Load(config);
            configuration.Polling.MaxConcurrentPolls = parallel;
            var services = new ServiceCollection().AddLogging().AddFeedHubCore(configuration).BuildServiceProvider();
            services.GetRequiredService<Database>().Migrate();
            var poller = services.GetRequiredService<SourceBatchPoller>();
            var all = configuration.EnabledSources();

            GC.Collect();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var (pauseBefore, allocatedBefore, gen2Before) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(2));
            var (jitTimeBefore, jitMethodsBefore) = (System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount());
            var watch = Stopwatch.StartNew();
            var (stored, copies) = (0, 0);
            using var memory = new MemorySampler();
            // The benchmark's pages repeat (item n gets page n mod the page count), so most items are syndicated copies of a story
            // stored already: each was fetched, extracted and compared like a new one, and stored as a source of that story.
            // Every item has its own link, so no item is linked by its canonical URL without being fetched.
            await foreach (var (_, outcome, _) in poller.PollAllAsync(all, force: false, CancellationToken.None))
            {
                stored += outcome.NewArticles + outcome.LinkedArticles;
                copies += outcome.LinkedArticles;
            }
            var wall = watch.Elapsed;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            Console.WriteLine($"{label}: first poll of {Feeds} feeds x {ItemsPerFeed} items (pages fetched and extracted), {parallel} polls at once: {stored:N0} articles stored ({copies:N0} of them as syndicated copies of a story stored already)");
            Console.WriteLine($"  wall {wall.TotalSeconds:0.0} s, CPU {cpu.TotalSeconds:0.0} s, {stored / wall.TotalSeconds:0} articles/s, peak RSS of the process so far {process.PeakWorkingSet64 / 1024 / 1024} MiB (target <= 250), peak managed heap {memory.PeakManaged / 1024 / 1024} MiB");
            Console.WriteLine($"  {memory.DescribePeak()}");
            Console.WriteLine($"  GC: {(GC.GetTotalAllocatedBytes() - allocatedBefore) / stored / 1024:N0} KiB allocated per article, {GC.CollectionCount(2) - gen2Before} gen2 collections, " +
                $"{(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:0.0} s paused");
            // Every compilation counts: the first of a method (tier 0) and its recompilations (instrumented, optimized, OSR).
            Console.WriteLine($"  JIT: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore:N0} compilations, " +
                $"{(System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds:0.0} s compiling");

            watch.Restart();
            var notModified = 0;
            await foreach (var (_, outcome, _) in poller.PollAllAsync(all, force: false, CancellationToken.None))
                if (outcome.Status == PollStatus.NotModified) notModified++;
            Console.WriteLine($"  re-poll of unchanged feeds: {notModified}/{Feeds} answered 304, {watch.Elapsed.TotalSeconds:0.00} s (target <= 2 s)");
            await services.DisposeAsync();
            return (cpu.TotalSeconds / stored * 1000, stored);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The CPU (of the whole process, GC included, as the ingest's) that extracting the benchmark pages takes on one thread,
    /// as extraction-speed extracts them, per 1,000 pages: the fastest of 5 rounds after a warm-up.
    /// </summary>
    private static double ExtractionCpuPerThousandPages()
    {
        var pages = BenchmarkPage.Load(BenchmarkPage.FindFolder());
        var extractor = new FeedHub.Core.Extraction.ArticleExtractor(new FeedHub.Core.Extraction.ContentSanitizer());
        var process = Process.GetCurrentProcess();
        var fastest = double.MaxValue;
        for (var round = 0; round < 6; round++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes();
            foreach (var page in pages) extractor.Extract(page.Html, page.Url);
            process.Refresh();
            if (round == 5) Console.WriteLine($"  extraction alone: {(GC.GetTotalAllocatedBytes() - allocated) / pages.Count / 1024:N0} KiB allocated per page");
            if (round > 0) fastest = Math.Min(fastest, (process.TotalProcessorTime - before).TotalSeconds); // round 0 warms up
        }
        return fastest / pages.Count * 1000;
    }

    /// <summary>Feeds with an ETag (so the re-poll is conditional), and pages, on 20 loopback addresses.</summary>
    private static async Task<WebApplication> StartServerAsync(string[] pages, TimeSpan latency)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var h = 0; h < Hosts; h++) kestrel.Listen(IPAddress.Parse($"127.0.0.{2 + h}"), FirstPort);
        });
        var app = builder.Build();
        app.MapGet("/feed/{id:int}", async (int id, HttpContext context) =>
        {
            if (latency > TimeSpan.Zero) await Task.Delay(latency);
            const string etag = "\"v1\"";
            if (context.Request.Headers.IfNoneMatch == etag) return Results.StatusCode(304);
            context.Response.Headers.ETag = etag;
            var host = context.Request.Host;
            var items = string.Concat(Enumerable.Range(0, ItemsPerFeed).Select(i =>
                $"<item><title>Story {id}-{i}</title><link>http://{host}/page/{id * ItemsPerFeed + i}</link><guid>{id}-{i}</guid>" +
                $"<pubDate>{DateTimeOffset.UtcNow.AddMinutes(-i):R}</pubDate><description>Summary {id}-{i}</description></item>"));
            return Results.Text($"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {id}</title><link>http://{host}/</link><description>d</description>{items}</channel></rss>",
                "application/rss+xml");
        });
        app.MapGet("/page/{n:int}", (int n) => Results.Text(pages[n % pages.Length], "text/html; charset=utf-8"));
        await app.StartAsync();
        return app;
    }

    /// <summary>One free port, taken on every address.</summary>
    private static int FirstPort => firstPort ??= FindFreePort();

    private static int? firstPort;

    private static int FindFreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
