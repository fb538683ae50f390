using System.Text.RegularExpressions;

namespace FeedHub.Benchmarks.Extraction;

/// <summary>
/// The article-extraction-benchmark's metric (shared/extraction-bench-data/README.md): tokens are
/// runs of word characters, shingles are windows of 4 tokens compared as multisets; precision
/// is averaged over pages with a non-empty prediction, recall over all pages, F1 of the two means.
/// </summary>
public static partial class ShingleScore
{
    public sealed record PageScore(string Id, double? Precision, double Recall, bool IsEmpty);

    public sealed record Totals(double Precision, double Recall, double F1, int Empty, int Pages);

    public static PageScore Score(string id, string predicted, string truth)
    {
        var predictedShingles = Shingles(predicted);
        var trueShingles = Shingles(truth);
        var shared = predictedShingles.Sum(p => Math.Min(p.Value, trueShingles.GetValueOrDefault(p.Key)));
        var predictedCount = predictedShingles.Values.Sum();
        var trueCount = trueShingles.Values.Sum();
        return new PageScore(id,
            predictedCount == 0 ? null : (double)shared / predictedCount,
            trueCount == 0 ? 1 : (double)shared / trueCount,
            predictedCount == 0);
    }

    public static Totals Total(IReadOnlyCollection<PageScore> pages)
    {
        var precisions = pages.Where(p => p.Precision is not null).Select(p => p.Precision!.Value).ToList();
        var precision = precisions.Count == 0 ? 0 : precisions.Average();
        var recall = pages.Average(p => p.Recall);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Totals(precision, recall, f1, pages.Count(p => p.IsEmpty), pages.Count);
    }

    private static Dictionary<string, int> Shingles(string text)
    {
        var tokens = Word().Matches(text).Select(m => m.Value).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0) return counts;
        var width = Math.Min(4, tokens.Count);
        for (var i = 0; i + width <= tokens.Count; i++)
        {
            var shingle = string.Join('\u0001', tokens.Skip(i).Take(width));
            counts[shingle] = counts.GetValueOrDefault(shingle) + 1;
        }
        return counts;
    }

    // Unicode word characters: letters, digits (and marks joined to them), underscore.
    [GeneratedRegex(@"[\p{L}\p{M}\p{Nd}_]+")]
    private static partial Regex Word();
}
