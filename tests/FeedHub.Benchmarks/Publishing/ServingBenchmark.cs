using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using FeedHub.Benchmarks.Extraction;
using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;
using Microsoft.Extensions.FileProviders;

namespace FeedHub.Benchmarks.Publishing;

/// <summary>
/// Serving: a cached 50-item full-text section feed from the real FeedHub host, against Kestrel's static-file
/// middleware and nginx (the outside reference) serving the same bytes from files, all on loopback, under the same
/// load, identity and gzip (a precompressed file for the static servers, nginx's gzip_static), in interleaved rounds.
/// Rendering: a 500-item feed in each format; compression: what each encoding costs once.
/// </summary>
public static class ServingBenchmark
{
    private const string FileName = "bench.atom";

    /// <summary>One server under test: where it serves the feed, and where its gzip representation.</summary>
    private sealed record Target(string Name, Uri Identity, Uri Gzip);

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 5);
        var rounds = Option(args, "--rounds", 2);
        var articles = FullTextArticles(500);
        Render(articles);
        if (!NginxReference.IsInstalled || !LoadGenerator.UsesWrk)
            Console.WriteLine($"nginx or wrk is missing ({NginxReference.InstallCommand}): without nginx there is no outside reference, without wrk the benchmark's own client makes the load");

        var dir = Directory.CreateTempSubdirectory("feedhub-bench-");
        try
        {
            var configPath = Path.Combine(dir.FullName, "feedhub.json");
            File.WriteAllText(configPath, $$"""
                { "Store": { "Path": "{{Path.Combine(dir.FullName, "bench.db")}}" }, "Http": { "Url": "http://127.0.0.1:0" },
                  "Sections": [ { "Slug": "bench", "Name": "Bench" } ], "Logging": { "LogLevel": { "Default": "Warning" } } }
                """);
            var configuration = FeedHubConfiguration.Load(configPath);
            await using var app = FeedHubServer.Build(configuration);
            StoreArticles(app.Services.GetRequiredService<Database>(), articles); // the feed shows the newest 50
            await app.StartAsync();
            var feedUrl = new Uri(app.Urls.First() + "/feeds/bench.atom");

            using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None });
            await CacheMissAsync(client, app.Urls.First(), app.Services.GetRequiredService<FeedCache>());
            var identity = await GetAsync(client, feedUrl, gzip: false);
            var gzipped = await GetAsync(client, feedUrl, gzip: true);
            Compression(identity);
            var staticDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "static"));
            File.WriteAllBytes(Path.Combine(staticDir.FullName, FileName), identity);
            File.WriteAllBytes(Path.Combine(staticDir.FullName, FileName + ".gz"), gzipped);
            await using var files = StaticServer(staticDir.FullName);
            await files.StartAsync();
            var filesUrl = files.Urls.First();
            await using var nginx = NginxReference.IsInstalled ? await NginxReference.StartAsync(staticDir.FullName, Directory.CreateDirectory(Path.Combine(dir.FullName, "nginx")).FullName) : null;

            List<Target> targets =
            [
                new("FeedHub cached feed", feedUrl, feedUrl),
                new("Kestrel static file", new Uri($"{filesUrl}/{FileName}"), new Uri($"{filesUrl}/{FileName}.gz")),
            ];
            if (nginx is not null) targets.Add(new("nginx static file", new Uri(nginx.Url, FileName), new Uri(nginx.Url, FileName)));
            await VerifyAsync(client, targets, identity, gzipped);

            Console.WriteLine($"serving a {identity.Length / 1024} KiB feed of 50 full-text items ({gzipped.Length / 1024} KiB gzip), " +
                $"{(LoadGenerator.UsesWrk ? "wrk, 2 threads" : "the benchmark's own client")}, {LoadGenerator.Connections} connections on loopback, " +
                $"{seconds} s per round, {rounds} interleaved rounds");
            var results = await MeasureAsync(targets, seconds, rounds);
            Report(targets, results);
            await files.StopAsync();
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
        return 0;
    }

    private static int Option(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);

    private static async Task<byte[]> GetAsync(HttpClient client, Uri url, bool gzip)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (gzip) request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var encoding = string.Join(",", response.Content.Headers.ContentEncoding);
        if (encoding != (gzip ? "gzip" : ""))
            throw new InvalidOperationException($"{url} answered with Content-Encoding '{encoding}' to {(gzip ? "gzip" : "no Accept-Encoding")}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Every server sends the same bytes for each case, or the comparison means nothing.</summary>
    private static async Task VerifyAsync(HttpClient client, List<Target> targets, byte[] identity, byte[] gzipped)
    {
        foreach (var target in targets)
        {
            if (!(await GetAsync(client, target.Identity, gzip: false)).AsSpan().SequenceEqual(identity)
                || !(await GetAsync(client, target.Gzip, gzip: true)).AsSpan().SequenceEqual(gzipped))
                throw new InvalidOperationException($"{target.Name} does not serve the feed's bytes");
        }
    }

    /// <summary>Rounds interleaved (each case, each server, then again, in the other order), so the machine's other load falls on all alike.</summary>
    private static async Task<Dictionary<(string, bool), List<LoadResult>>> MeasureAsync(List<Target> targets, int seconds, int rounds)
    {
        var results = new Dictionary<(string, bool), List<LoadResult>>();
        foreach (var target in targets) await LoadGenerator.RunAsync(target.Identity, gzip: false, 1); // warm-up
        for (var round = 0; round < rounds; round++)
        {
            foreach (var gzip in new[] { false, true })
            {
                foreach (var target in round % 2 == 0 ? targets : Enumerable.Reverse(targets)) // no server always runs first
                {
                    var result = await LoadGenerator.RunAsync(gzip ? target.Gzip : target.Identity, gzip, seconds);
                    results.TryAdd((target.Name, gzip), []);
                    results[(target.Name, gzip)].Add(result);
                }
            }
        }
        return results;
    }

    /// <summary>Each server's best round, and FeedHub's ratio to each other server within each round (same moment, same load).</summary>
    private static void Report(List<Target> targets, Dictionary<(string, bool), List<LoadResult>> results)
    {
        var feedHub = targets[0].Name;
        foreach (var gzip in new[] { false, true })
        {
            Console.WriteLine(gzip ? "  Accept-Encoding: gzip" : "  no Accept-Encoding (identity)");
            foreach (var target in targets)
            {
                var best = results[(target.Name, gzip)].MaxBy(r => r.RequestsPerSecond)!;
                Console.WriteLine($"    {target.Name,-20} {best.RequestsPerSecond,8:0} requests/s   p50 {best.P50Ms,6:0.0} ms   p99 {best.P99Ms,6:0.0} ms");
            }
            foreach (var other in targets.Skip(1))
            {
                var ratios = results[(feedHub, gzip)].Zip(results[(other.Name, gzip)], (a, b) => a.RequestsPerSecond / b.RequestsPerSecond).Order().ToList();
                var goal = other.Name.StartsWith("nginx", StringComparison.Ordinal) ? 0.25 : 1.0;
                Console.WriteLine($"    FeedHub / {other.Name,-20} median {ratios[ratios.Count / 2],5:0.00}x, {ratios[0]:0.00}-{ratios[^1]:0.00}x per round  (goal >= {goal:0.00})");
            }
        }
    }

    /// <summary>What each encoding costs once, on the served feed: size and the fastest of 5 compressions.</summary>
    private static void Compression(byte[] body)
    {
        Console.WriteLine($"compressing the {body.Length / 1024} KiB feed once (fastest of 5 wall, mean CPU of this thread):");
        Measure("gzip, fastest (per-request middleware)", () => GzipFastest(body));
        Measure("gzip, smallest size (FeedHub)", () => RenderedFeed.Gzip(body));
        foreach (var quality in new[] { 5, 9, 11 })
            Measure($"brotli, quality {quality}{(quality == RenderedFeed.BrotliQuality ? " (FeedHub)" : "")}", () => RenderedFeed.Brotli(body, quality));
    }

    private static void Measure(string name, Func<byte[]> compress)
    {
        var (wall, cpu, size) = Fastest(5, () => compress().Length);
        Console.WriteLine($"  {name,-40} {size / 1024,5} KiB {wall.TotalMilliseconds,7:0.0} ms wall {cpu.TotalMilliseconds,7:0.0} ms CPU");
    }

    /// <summary>
    /// The least wall time over several runs (on a shared machine noise only adds), and this thread's mean CPU time per run:
    /// the kernel splits CPU time by ticks, so one run's figure can be a tick off while their sum holds.
    /// </summary>
    private static (TimeSpan Wall, TimeSpan Cpu, int Size) Fastest(int runs, Func<int> work)
    {
        var wall = TimeSpan.MaxValue;
        var size = 0;
        var cpuBefore = ThreadCpu.Now();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            size = work();
            wall = watch.Elapsed < wall ? watch.Elapsed : wall;
        }
        return (wall, (ThreadCpu.Now() - cpuBefore) / runs, size);
    }

    private static byte[] GzipFastest(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(body);
        return buffer.ToArray();
    }

    /// <summary>
    /// 20 renderings of a 500-item feed, per format, the ETag's hash included: the fastest wall time, and this thread's
    /// mean CPU time, which other engineers' load on the machine does not inflate.
    /// </summary>
    private static void Render(IReadOnlyList<Article> articles)
    {
        var writer = new FeedWriter();
        var document = new FeedDocument(StableId.ForSection("bench"), "Bench", null, new Uri("http://x/feeds/bench.atom"), null, articles);
        Console.WriteLine("rendering a 500-item full-text feed (fastest of 20 wall, mean CPU of this thread; target < 50 ms):");
        foreach (var format in Enum.GetValues<FeedFormat>())
        {
            var (wall, cpu, size) = Fastest(20, () => (int)new RenderedFeed(writer.Write(document, format, DateTimeOffset.UtcNow), "", DateTimeOffset.UtcNow).Bytes);
            Console.WriteLine($"  {format,-5} {wall.TotalMilliseconds,7:0.0} ms wall {cpu.TotalMilliseconds,7:0.0} ms CPU  ({size / 1024} KiB)");
        }
    }

    /// <summary>A cache miss through the host: the store read, the rendering and the response, for 500 items in each format.</summary>
    private static async Task CacheMissAsync(HttpClient client, string baseUrl, FeedCache cache)
    {
        Console.WriteLine("a cache miss through the host, 500 items (fastest of 10, store read and response included):");
        foreach (var format in Enum.GetValues<FeedFormat>())
        {
            var url = new Uri($"{baseUrl}/feeds/bench.{FeedFormats.Extension(format)}?limit=500");
            var best = TimeSpan.MaxValue;
            var size = 0;
            for (var i = 0; i < 10; i++)
            {
                cache.Invalidate(["bench"]);
                var watch = Stopwatch.StartNew();
                size = (await GetAsync(client, url, gzip: false)).Length;
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }
            Console.WriteLine($"  {format,-5} {best.TotalMilliseconds,7:0.0} ms  ({size / 1024} KiB)");
        }
    }

    private static WebApplication StaticServer(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings[".atom"] = "application/atom+xml";
        types.Mappings[".gz"] = "application/atom+xml"; // the one .gz file is the feed, precompressed
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            ContentTypeProvider = types,
            OnPrepareResponse = file =>
            {
                if (file.File.Name.EndsWith(".gz", StringComparison.Ordinal)) file.Context.Response.Headers.ContentEncoding = "gzip";
            },
        });
        return app;
    }

    /// <summary>Articles with the benchmark pages' extracted text, so the feed is as heavy as a real full-text one.</summary>
    private static List<Article> FullTextArticles(int count)
    {
        var pages = BenchmarkPage.Load(BenchmarkPage.FindFolder());
        var extractor = new ArticleExtractor(new ContentSanitizer());
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count).Select(i =>
        {
            var page = pages[i % pages.Count];
            var extracted = extractor.Extract(page.Html, page.Url);
            return new Article
            {
                Id = StableId.ForArticle("bench", "g" + i), SourceId = "bench", Guid = "g" + i, Url = page.Url,
                Title = extracted.Title ?? "Untitled", Published = now.AddMinutes(-i), Author = extracted.Byline,
                ContentHtml = extracted.ContentHtml, ContentText = extracted.ContentText, Extraction = ExtractionOutcome.Extracted,
                FetchedAt = now, Headings = extracted.Headings, Sections = [new ArticleSection("bench", "source")],
            };
        }).ToList();
    }

    private static void StoreArticles(Database database, IReadOnlyList<Article> articles)
    {
        var source = new Source("bench", new Uri("http://127.0.0.1/feed"), "Bench", ["bench"], TimeSpan.FromHours(1), true);
        database.InTransaction(tx =>
        {
            SourceStore.Save(tx, source, SourceState.New("bench"));
            ArticleStore.Insert(tx, articles);
        });
    }
}
