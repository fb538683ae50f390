using System.Text.RegularExpressions;

namespace FeedHub.Benchmarks.Extraction;

/// <summary>
/// Heading precision and recall on shared/extraction-headings, as its README measures them: levels
/// ignored, the title ignored (a heading that repeats it is left out on both sides), text
/// normalised to its lower-case words. Headings are matched as multisets per page and the counts
/// pooled over the set, so a page with many headings weighs more than one with a single heading.
/// </summary>
public static partial class HeadingScore
{
    public sealed record Totals(double Precision, double Recall, int Matched, int Predicted, int True);

    public static Totals Total(IEnumerable<(IEnumerable<string> Predicted, IEnumerable<string> Truth, string? Title)> pages)
    {
        int matched = 0, predicted = 0, truth = 0;
        foreach (var page in pages)
        {
            var title = page.Title is null ? null : Normalize(page.Title);
            var wanted = page.Truth.Select(Normalize).Where(h => h.Length > 0 && h != title).ToList();
            var given = page.Predicted.Select(Normalize).Where(h => h.Length > 0 && h != title).ToList();
            predicted += given.Count;
            truth += wanted.Count;
            foreach (var heading in given)
                if (wanted.Remove(heading)) matched++;
        }
        return new Totals(predicted == 0 ? 0 : (double)matched / predicted, truth == 0 ? 1 : (double)matched / truth, matched, predicted, truth);
    }

    public static string Normalize(string heading) =>
        string.Join(' ', Word().Matches(heading).Select(m => m.Value.ToLowerInvariant()));

    [GeneratedRegex(@"[\p{L}\p{M}\p{Nd}_]+")]
    private static partial Regex Word();
}
