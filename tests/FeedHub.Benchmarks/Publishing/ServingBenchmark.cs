using System.Diagnostics;
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
/// Serving: a cached 50-item full-text section feed from the real FeedHub host, against Kestrel's
/// static-file middleware serving a file of the same bytes, both on loopback, with the same
/// client load, interleaved. Rendering: a 500-item feed in each format.
/// </summary>
public static class ServingBenchmark
{
    private const int Clients = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(5);
        var articles = FullTextArticles(500);
        Render(articles);

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
            StoreArticles(app.Services.GetRequiredService<Database>(), articles.Take(50).ToList());
            await app.StartAsync();
            var feedUrl = new Uri(app.Urls.First() + "/feeds/bench.atom");

            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, AutomaticDecompression = DecompressionMethods.None });
            var bytes = await client.GetByteArrayAsync(feedUrl);
            var staticDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "static"));
            File.WriteAllBytes(Path.Combine(staticDir.FullName, "bench.atom"), bytes);
            await using var files = StaticServer(staticDir.FullName);
            await files.StartAsync();
            var fileUrl = new Uri(files.Urls.First() + "/bench.atom");

            Console.WriteLine($"serving a {bytes.Length / 1024} KiB feed of 50 full-text items, {Clients} clients on loopback, {seconds} s per round, interleaved");
            double feedRate = 0, fileRate = 0;
            await LoadAsync(client, feedUrl, 1); // warm-up
            await LoadAsync(client, fileUrl, 1);
            for (var round = 0; round < 2; round++)
            {
                feedRate = Math.Max(feedRate, await LoadAsync(client, feedUrl, seconds));
                fileRate = Math.Max(fileRate, await LoadAsync(client, fileUrl, seconds));
            }
            Console.WriteLine($"  FeedHub cached feed   {feedRate,9:0} requests/s");
            Console.WriteLine($"  Kestrel static file   {fileRate,9:0} requests/s");
            Console.WriteLine($"  ratio                 {feedRate / fileRate,9:0.00}x  (target >= 0.5)");
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

    /// <summary>The fastest of 20 renderings of a 500-item feed, per format.</summary>
    private static void Render(IReadOnlyList<Article> articles)
    {
        var writer = new FeedWriter();
        var document = new FeedDocument(StableId.ForSection("bench"), "Bench", null, new Uri("http://x/feeds/bench.atom"), null, articles);
        Console.WriteLine("rendering a 500-item full-text feed (fastest of 20, target < 50 ms):");
        foreach (var format in Enum.GetValues<FeedFormat>())
        {
            var best = TimeSpan.MaxValue;
            var size = 0;
            for (var i = 0; i < 20; i++)
            {
                var watch = Stopwatch.StartNew();
                size = writer.Write(document, format, DateTimeOffset.UtcNow).Length;
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }
            Console.WriteLine($"  {format,-5} {best.TotalMilliseconds,7:0.0} ms  ({size / 1024} KiB)");
        }
    }

    private static async Task<double> LoadAsync(HttpClient client, Uri url, int seconds)
    {
        var deadline = Stopwatch.StartNew();
        var count = 0L;
        var workers = Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                using var response = await client.GetAsync(url);
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
                Interlocked.Increment(ref count);
            }
        });
        await Task.WhenAll(workers);
        return count / deadline.Elapsed.TotalSeconds;
    }

    private static WebApplication StaticServer(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings[".atom"] = "application/atom+xml";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), ContentTypeProvider = types });
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
                ContentHtml = extracted.ContentHtml, ContentText = extracted.ContentText, ExtractionStatus = "extracted",
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
