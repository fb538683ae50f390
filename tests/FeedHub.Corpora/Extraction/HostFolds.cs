namespace FeedHub.Benchmarks.Extraction;

/// <summary>
/// Site-disjoint cross-validation on a data set: the pages are split into five folds by host, so no
/// site is in two folds. The extractor has no parameter fitted to the pages, so "tune on four, score
/// the fifth" comes down to scoring each fold on its own: a rule that only helps some sites shows as a
/// spread between folds. The benchmark prints these figures and the quality tests hold a floor on them,
/// both through this class.
/// </summary>
public static class HostFolds
{
    public const int Count = 5;

    /// <summary>Page indexes per fold: hosts (without "www.") dealt to the fold with the fewest pages, largest host first, so folds are even and repeatable.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Split(IReadOnlyList<BenchmarkPage> pages)
    {
        var folds = Enumerable.Range(0, Count).Select(_ => new List<int>()).ToList();
        var hosts = Enumerable.Range(0, pages.Count).GroupBy(i => HostOf(pages[i]))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var host in hosts) folds.MinBy(f => f.Count)!.AddRange(host);
        return folds;
    }

    /// <summary>Each fold's F1, from per-page scores given in the same order as <paramref name="pages"/>.</summary>
    public static IReadOnlyList<double> F1PerFold(IReadOnlyList<BenchmarkPage> pages, IReadOnlyList<ShingleScore.PageScore> scores)
    {
        if (scores.Count != pages.Count)
            throw new ArgumentException($"{scores.Count} page scores given for {pages.Count} pages", nameof(scores));
        return Split(pages).Select(fold => ShingleScore.Total(fold.Select(i => scores[i]).ToList()).F1).ToList();
    }

    private static string HostOf(BenchmarkPage page) =>
        page.Url.Host.StartsWith("www.", StringComparison.Ordinal) ? page.Url.Host[4..] : page.Url.Host;
}
