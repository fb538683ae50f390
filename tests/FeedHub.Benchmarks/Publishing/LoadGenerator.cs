using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace FeedHub.Benchmarks.Publishing;

/// <summary>Requests per second and latency percentiles of one load round.</summary>
internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms);

/// <summary>
/// Keeps a URL busy from many connections for a while: wrk (2 threads, 64 connections, as in issue 18) when it is
/// installed, else the benchmark's own HttpClient workers. Sends `Accept-Encoding: gzip` when asked, as feed readers do.
/// </summary>
internal static partial class LoadGenerator
{
    public const int Connections = 64;
    private const int Threads = 2;

    public static bool UsesWrk => Tools.Find("wrk") is not null;

    public static Task<LoadResult> RunAsync(Uri url, bool gzip, int seconds) =>
        UsesWrk ? WrkAsync(url, gzip, seconds) : ClientAsync(url, gzip, seconds);

    private static async Task<LoadResult> WrkAsync(Uri url, bool gzip, int seconds)
    {
        var arguments = new List<string> { "-t" + Threads, "-c" + Connections, "-d" + seconds + "s", "--latency" };
        if (gzip) arguments.AddRange(["-H", "Accept-Encoding: gzip"]);
        arguments.Add(url.AbsoluteUri);
        using var wrk = Process.Start(new ProcessStartInfo(Tools.Find("wrk")!, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0 || NonSuccess().IsMatch(output))
            throw new InvalidOperationException($"wrk on {url} failed: {output} {await wrk.StandardError.ReadToEndAsync()}");
        return new LoadResult(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"), Percentile(output, "99%"));
    }

    /// <summary>A line of wrk's latency distribution, e.g. "     99%   12.34ms", in milliseconds.</summary>
    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, @"^\s*" + Regex.Escape(label) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses")]
    private static partial Regex NonSuccess();

    private static async Task<LoadResult> ClientAsync(Uri url, bool gzip, int seconds)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, AutomaticDecompression = DecompressionMethods.None });
        if (gzip) client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
        var deadline = Stopwatch.StartNew();
        var latencies = new List<double>[Connections];
        var workers = Enumerable.Range(0, Connections).Select(async worker =>
        {
            var own = latencies[worker] = [];
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url);
                await response.Content.CopyToAsync(Stream.Null);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        });
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new LoadResult(all.Count / deadline.Elapsed.TotalSeconds, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
    }
}
