using System.Globalization;
using System.Text.Json.Nodes;
using CodeHollow.FeedReader;
using FeedHub.Corpora;

namespace FeedHub.Benchmarks.Parsing;

/// <summary>
/// The feed parser's benchmarks. `feed-conformance`: the pass rate of each group and tier of shared/feed-conformance.
/// --failures PREFIX lists the failing checks of the groups starting with PREFIX;
/// --baseline runs CodeHollow.FeedReader over the same checks, mapped to the fields it has, for comparison.
/// </summary>
public static class FeedParsingBenchmark
{
    public static int Run(string[] args)
    {
        var folder = FeedConformance.FindFolder();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = FeedConformance.Run(folder);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var baseline = args.Contains("--baseline") ? FeedConformance.Run(folder, CodeHollowOracle.Parse) : null;
        Console.WriteLine($"{results.Select(r => r.File).Distinct().Count()} files, {results.Count} checks, parsed and checked in {elapsed.TotalSeconds:0.00} s");
        Console.WriteLine(baseline is null ? $"{"group",-30} {"tier",-10} {"FeedHub",18}" : $"{"group",-30} {"tier",-10} {"FeedHub",18} {"CodeHollow",18}");
        foreach (var group in results.GroupBy(r => (r.Group, r.Tier)).OrderBy(g => g.Key.Group).ThenBy(g => g.Key.Tier))
        {
            var line = $"{group.Key.Group,-30} {group.Key.Tier,-10} {Rate(group),18}";
            if (baseline is not null) line += $" {Rate(baseline.Where(b => b.Group == group.Key.Group && b.Tier == group.Key.Tier)),18}";
            Console.WriteLine(line);
        }
        Console.WriteLine($"{"all",-30} {"",-10} {Rate(results),18}" + (baseline is null ? "" : $" {Rate(baseline),18}"));
        var crashes = results.Where(r => r.Actual is not null && r.Actual.Contains("Exception:", StringComparison.Ordinal) && !r.Passed).Select(r => r.File).Distinct().ToList();
        Console.WriteLine($"files whose parse threw: {crashes.Count}{(crashes.Count > 0 ? " (" + string.Join(", ", crashes.Take(10)) + ")" : "")}");

        var prefix = args.SkipWhile(a => a != "--failures").Skip(1).FirstOrDefault();
        if (prefix is not null)
            foreach (var failure in results.Where(r => !r.Passed && r.Group.StartsWith(prefix, StringComparison.Ordinal)))
                Console.WriteLine($"FAIL {failure.File} {failure.Path} {failure.Op} {failure.Expected?.ToJsonString()} got {Shorten(failure.Actual)}");
        return 0;
    }

    /// <summary>
    /// `feed-parse-speed`: feeds/s for FeedHub's parser, CodeHollow.FeedReader and a bare XDocument load of the same
    /// bytes, on a 200-item RSS 2.0 feed with full HTML content, its Atom twin, and the whole conformance corpus.
    /// Fastest of interleaved rounds; ratios are within one run.
    /// </summary>
    public static int Speed(string[] args)
    {
        var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(10);
        var corpus = Directory.GetFiles(System.IO.Path.Combine(FeedConformance.FindFolder(), "files"), "*.xml", SearchOption.AllDirectories)
            .Select(File.ReadAllBytes).ToList();
        var documents = new (string Name, IReadOnlyList<byte[]> Bytes)[]
        {
            ("RSS 2.0, 200 items x 4 KB", [System.Text.Encoding.UTF8.GetBytes(BigFeed(atom: false))]),
            ("Atom 1.0, 200 items x 4 KB", [System.Text.Encoding.UTF8.GetBytes(BigFeed(atom: true))]),
            ($"conformance corpus ({corpus.Count} files)", corpus),
        };
        var url = new Uri("https://example.com/feed");
        var parser = new FeedHub.Core.Parsing.FeedParser();
        var candidates = new (string Name, Action<byte[]> Run)[]
        {
            ("XDocument load only", bytes => { try { System.Xml.Linq.XDocument.Load(new MemoryStream(bytes)); } catch (System.Xml.XmlException) { } }),
            ("FeedHub", bytes => parser.Parse(bytes, null, url)),
            // HTML values are normalized when first read; a poll reads only its new entries'. This one reads them all.
            ("FeedHub, all values read", bytes => ReadAll(parser.Parse(bytes, null, url))),
            ("CodeHollow.FeedReader", bytes => { try { FeedReader.ReadFromByteArray(bytes); } catch (Exception) { } }),
        };
        foreach (var (name, bytes) in documents)
        {
            var fastest = candidates.ToDictionary(c => c.Name, _ => double.MaxValue);
            foreach (var candidate in candidates) Time(candidate.Run, bytes);
            for (var round = 0; round < rounds; round++)
                foreach (var candidate in candidates)
                    fastest[candidate.Name] = Math.Min(fastest[candidate.Name], Time(candidate.Run, bytes));
            Console.WriteLine($"{name}: fastest of {rounds} interleaved rounds, one thread");
            foreach (var (candidate, seconds) in fastest) Console.WriteLine($"  {candidate,-24} {seconds * 1000,9:0.00} ms");
            Console.WriteLine($"  FeedHub / CodeHollow       {fastest["CodeHollow.FeedReader"] / fastest["FeedHub"],7:0.00}x as fast");
            Console.WriteLine($"  FeedHub / bare XML load    {fastest["XDocument load only"] / fastest["FeedHub"],7:0.00}x as fast");
            Console.WriteLine($"  FeedHub all read / CodeHollow {fastest["CodeHollow.FeedReader"] / fastest["FeedHub, all values read"],4:0.00}x as fast");
        }
        return 0;
    }

    private static int ReadAll(FeedHub.Core.Parsing.ParseResult result) =>
        result is FeedHub.Core.Parsing.ParseResult.Parsed parsed
            ? parsed.Feed.Entries.Sum(e => (e.Summary?.Length ?? 0) + (e.ContentHtml?.Length ?? 0) + e.Title.Length)
            : 0;

    private static double Time(Action<byte[]> run, IReadOnlyList<byte[]> documents)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var document in documents) run(document);
        return watch.Elapsed.TotalSeconds;
    }

    private static string BigFeed(bool atom)
    {
        var paragraph = "<p>Officials said on Tuesday that the <a href=\"/related/1\">new measures</a> would take effect next month, " +
                        "after a <em>lengthy</em> review &amp; consultation with regional partners.</p>";
        var body = string.Concat(Enumerable.Repeat(paragraph, 20));
        var items = Enumerable.Range(1, 200).Select(i => atom
            ? $"<entry><id>tag:example.com,2025:{i}</id><title>Story {i} &amp; more</title><link href=\"https://example.com/story/{i}?utm_source=rss\"/>" +
              $"<updated>2025-06-03T09:{i % 60:00}:00Z</updated><author><name>Reporter {i}</name></author><category term=\"world\"/>" +
              $"<summary>Summary of story {i}</summary><content type=\"html\">{System.Net.WebUtility.HtmlEncode(body)}</content></entry>"
            : $"<item><guid isPermaLink=\"false\">story-{i}</guid><title>Story {i} &amp; more</title><link>https://example.com/story/{i}?utm_source=rss</link>" +
              $"<pubDate>Tue, 03 Jun 2025 09:{i % 60:00}:00 GMT</pubDate><dc:creator>Reporter {i}</dc:creator><category>world</category>" +
              $"<description>Summary of story {i}</description><content:encoded><![CDATA[{body}]]></content:encoded></item>");
        return atom
            ? $"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Big</title><link href=\"https://example.com/\"/>{string.Concat(items)}</feed>"
            : $"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Big</title><link>https://example.com/</link>{string.Concat(items)}</channel></rss>";
    }

    private static string Rate(IEnumerable<ConformanceCheck> checks)
    {
        var list = checks.ToList();
        var passed = list.Count(c => c.Passed);
        return $"{passed}/{list.Count} {(list.Count == 0 ? 0 : 100.0 * passed / list.Count),5:0.0}%";
    }

    private static string Shorten(string? text) => text is null ? "null" : text.Length <= 200 ? text : text[..197] + "...";
}
