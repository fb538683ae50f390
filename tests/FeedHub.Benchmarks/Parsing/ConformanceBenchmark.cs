using System.Globalization;
using System.Text.Json.Nodes;
using CodeHollow.FeedReader;

namespace FeedHub.Benchmarks.Parsing;

/// <summary>
/// `feed-conformance`: the pass rate of each group and tier of shared/feed-conformance.
/// --failures PREFIX lists the failing checks of the groups starting with PREFIX;
/// --baseline runs CodeHollow.FeedReader over the same checks, mapped to the fields it has, for comparison.
/// </summary>
public static class ConformanceBenchmark
{
    public static int Run(string[] args)
    {
        var folder = FeedConformance.FindFolder();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = FeedConformance.Run(folder);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var baseline = args.Contains("--baseline") ? FeedConformance.Run(folder, ParseWithCodeHollow) : null;
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

    private static string Rate(IEnumerable<ConformanceCheck> checks)
    {
        var list = checks.ToList();
        var passed = list.Count(c => c.Passed);
        return $"{passed}/{list.Count} {(list.Count == 0 ? 0 : 100.0 * passed / list.Count),5:0.0}%";
    }

    private static string Shorten(string? text) => text is null ? "null" : text.Length <= 200 ? text : text[..197] + "...";

    /// <summary>CodeHollow.FeedReader's reading, in the corpus's names where it has the field (title, link, id, summary, content, dates, author, categories).</summary>
    private static JsonObject ParseWithCodeHollow(byte[] bytes, string? contentType, Uri url, string? contentLocation, string? contentLanguage)
    {
        Feed feed;
        try
        {
            feed = FeedReader.ReadFromByteArray(bytes);
        }
        catch (Exception e)
        {
            return new JsonObject { ["bozo"] = true, ["bozo_exception"] = e.Message, ["feed"] = new JsonObject(), ["entries"] = new JsonArray() };
        }
        static string? Date(DateTime? date) => date?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["bozo"] = false,
            ["version"] = feed.Type.ToString(),
            ["feed"] = new JsonObject
            {
                ["title"] = feed.Title, ["link"] = feed.Link, ["subtitle"] = feed.Description, ["language"] = feed.Language,
                ["rights"] = feed.Copyright, ["updated"] = Date(feed.LastUpdatedDate),
            },
            ["entries"] = new JsonArray(feed.Items.Select(i => (JsonNode?)new JsonObject
            {
                ["title"] = i.Title, ["link"] = i.Link, ["id"] = i.Id, ["summary"] = i.Description,
                ["content"] = i.Content is null ? new JsonArray() : new JsonArray(new JsonObject { ["value"] = i.Content }),
                ["published"] = Date(i.PublishingDate), ["author"] = i.Author,
                ["tags"] = new JsonArray((i.Categories ?? []).Select(c => (JsonNode?)new JsonObject { ["term"] = c }).ToArray()),
            }).ToArray()),
        };
    }
}
