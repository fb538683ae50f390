using System.Diagnostics;
using System.Net;
using FeedHub.Benchmarks.Processing;
using FeedHub.Core.Configuration;

namespace FeedHub.Benchmarks.Publishing;

/// <summary>
/// Readers and polling at once: the real host polls 500 sources (pages fetched and extracted) while 200 clients
/// on loopback request section feeds for a bounded time. Reports errors and latency percentiles.
/// </summary>
public static class LoadBenchmark
{
    private const int Clients = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(20);
        var (upstream, port) = await IngestBenchmark.StartUpstreamAsync();
        var dir = Directory.CreateTempSubdirectory("feedhub-load-bench-");
        try
        {
            var config = Path.Combine(dir.FullName, "feedhub.json");
            File.WriteAllText(config, IngestBenchmark.Config(dir.FullName, port, interval: "00:00:10"));
            await using var app = FeedHubServer.Build(FeedHubConfiguration.Load(config));
            await app.StartAsync();
            var baseUrl = app.Urls.First();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, AutomaticDecompression = DecompressionMethods.All });
            var paths = new[] { "/feeds/news.atom", "/feeds/news.rss", "/feeds/news.json", "/feeds/all.atom", "/feeds?section=news&limit=100" };
            var latencies = new List<double>[Clients];
            var errors = 0;
            var deadline = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
            {
                var mine = latencies[c] = [];
                for (var i = 0; deadline.Elapsed.TotalSeconds < seconds; i++)
                {
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        using var response = await client.GetAsync(baseUrl + paths[(c + i) % paths.Length]);
                        await response.Content.CopyToAsync(Stream.Null);
                        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    mine.Add(watch.Elapsed.TotalMilliseconds);
                }
            }));
            var all = latencies.SelectMany(l => l).Order().ToList();
            var stored = app.Services.GetRequiredService<FeedHub.Core.Storage.ArticleStore>().Count();
            Console.WriteLine($"{Clients} clients for {seconds} s while 500 sources were polled ({stored:N0} articles stored by the end):");
            Console.WriteLine($"  {all.Count:N0} requests, {all.Count / deadline.Elapsed.TotalSeconds:0} requests/s, {errors} errors");
            Console.WriteLine($"  latency p50 {Percentile(all, 0.50):0.0} ms, p90 {Percentile(all, 0.90):0.0} ms, p99 {Percentile(all, 0.99):0.0} ms, max {all[^1]:0.0} ms");
            await app.StopAsync();
        }
        finally
        {
            upstream.StandardInput.Close();
            await upstream.WaitForExitAsync();
            upstream.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, p * sorted.Count)];
}
