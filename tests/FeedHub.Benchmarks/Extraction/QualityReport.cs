using System.Globalization;
using AngleSharp.Html.Parser;
using FeedHub.Core.Extraction;

namespace FeedHub.Benchmarks.Extraction;

/// <summary>
/// The extraction quality report: for each shared data set, FeedHub, SmartReader and (where node and
/// its packages are installed, see <see cref="ReadabilityPeer"/>) Readability.js side by side
/// (P, R, F1 by the benchmark's shingle metric, empty extractions, and extractions under the 200
/// characters FeedHub needs to keep a page); on the development pages also a site-disjoint
/// cross-validated score; on the headings set, heading precision and recall.
/// </summary>
public static class QualityReport
{
    private static readonly ArticleExtractor Extractor = new(new ContentSanitizer());

    private static readonly HtmlParser Parser = new();

    /// <summary>What one system made of one page.</summary>
    private sealed record Output(string Text, IReadOnlyList<string> Headings);

    private sealed record Run(string Name, IReadOnlyList<Output> Outputs);

    public static int Print(string[] args)
    {
        var peers = !args.Contains("--no-baseline");
        var readability = peers && !args.Contains("--no-readability") ? ReadabilityPeer.Available() : null;
        var scoresFile = args.SkipWhile(a => a != "--scores").Skip(1).FirstOrDefault();
        var scores = new List<string>();
        foreach (var set in BenchmarkPage.SetsNamed(args.SkipWhile(a => a != "--set").Skip(1).FirstOrDefault()))
        {
            var pages = BenchmarkPage.Load(BenchmarkPage.FindFolder(set));
            var runs = new List<Run> { new("FeedHub", pages.Select(FeedHub).ToList()) };
            if (peers) runs.Add(new("SmartReader 0.11.1", pages.Select(SmartReaderOutput).ToList()));
            if (readability is not null)
                runs.Add(new(ReadabilityPeer.Name, ReadabilityPeer.Extract(readability, pages).Select(o => new Output(o.Text, o.Headings)).ToList()));
            Console.WriteLine($"{set} ({pages.Count} pages)");
            Console.WriteLine($"  {"",-20} {"P",6} {"R",6} {"F1",6}  empty  short");
            foreach (var run in runs) PrintScore(run.Name, pages, run.Outputs);
            if (set == BenchmarkPage.DevelopmentSet) PrintFolds(pages, runs);
            if (set == BenchmarkPage.HeadingsSet) PrintHeadings(pages, runs);
            if (args.Contains("--pages")) PrintPages(pages, runs);
            if (args.Contains("--pages") && set == BenchmarkPage.HeadingsSet) PrintHeadingDifferences(pages, runs[0].Outputs);
            scores.AddRange(runs.SelectMany(run => pages.Select((p, i) => PageLine(set, run.Name, p, run.Outputs[i]))));
            Console.WriteLine();
        }
        // One line per page and system, so that two runs (before and after a change) can be compared page by page.
        if (scoresFile is not null) File.WriteAllLines(scoresFile, scores);
        return 0;
    }

    private static string PageLine(string set, string system, BenchmarkPage page, Output output)
    {
        var score = ShingleScore.Score(page.Id, output.Text, page.ArticleBody);
        return FormattableString.Invariant($"{set}\t{system}\t{page.Id}\t{score.Precision ?? 0:0.000}\t{score.Recall:0.000}");
    }

    private static Output FeedHub(BenchmarkPage page)
    {
        var article = Extractor.Extract(page.Html, page.Url);
        return new Output(article.ContentText, article.Headings.Select(h => h.Text).ToList());
    }

    private static Output SmartReaderOutput(BenchmarkPage page)
    {
        var article = new SmartReader.Reader(page.Url.AbsoluteUri, page.Html).GetArticle();
        using var content = Parser.ParseDocument(article.Content ?? "");
        return new Output(article.TextContent ?? "", content.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => h.TextContent).ToList());
    }

    private static ShingleScore.Totals Score(IReadOnlyList<BenchmarkPage> pages, IReadOnlyList<Output> outputs, IEnumerable<int> indexes) =>
        ShingleScore.Total(indexes.Select(i => ShingleScore.Score(pages[i].Id, outputs[i].Text, pages[i].ArticleBody)).ToList());

    private static void PrintScore(string name, IReadOnlyList<BenchmarkPage> pages, IReadOnlyList<Output> outputs)
    {
        var total = Score(pages, outputs, Enumerable.Range(0, pages.Count));
        var shortOnes = outputs.Count(o => o.Text.Length < 200);
        Console.WriteLine($"  {name,-20} {total.Precision,6:0.000} {total.Recall,6:0.000} {total.F1,6:0.000}  {total.Empty,5}  {shortOnes,5}");
    }

    /// <summary>The site-disjoint cross-validated score (<see cref="HostFolds"/>): each fold's F1, their mean and their minimum.</summary>
    private static void PrintFolds(IReadOnlyList<BenchmarkPage> pages, IReadOnlyList<Run> runs)
    {
        var folds = HostFolds.Split(pages);
        Console.WriteLine($"  site-disjoint {HostFolds.Count} folds by host ({string.Join("/", folds.Select(f => f.Count))} pages): F1 per fold, mean, min");
        foreach (var run in runs)
        {
            var f1 = HostFolds.F1PerFold(pages, pages.Select((p, i) => ShingleScore.Score(p.Id, run.Outputs[i].Text, p.ArticleBody)).ToList());
            Console.WriteLine($"  {run.Name,-20} {string.Join(" ", f1.Select(f => f.ToString("0.000", CultureInfo.InvariantCulture)))}  mean {f1.Average():0.000}  min {f1.Min():0.000}");
        }
    }

    private static void PrintHeadings(IReadOnlyList<BenchmarkPage> pages, IReadOnlyList<Run> runs)
    {
        Console.WriteLine($"  headings (levels and the title ignored, counts pooled over the set): precision, recall");
        foreach (var run in runs)
        {
            var total = HeadingScore.Total(pages.Select((p, i) => ((IEnumerable<string>)run.Outputs[i].Headings, (IEnumerable<string>)p.Headings, p.Title)));
            Console.WriteLine($"  {run.Name,-20} {total.Precision,6:0.000} {total.Recall,6:0.000}  ({total.Matched} of {total.Predicted} given, of {total.True} true)");
        }
    }

    /// <summary>For tuning: the 40 pages where FeedHub falls furthest below the best peer (or below 1 without peers), with every system's P/R.</summary>
    private static void PrintPages(IReadOnlyList<BenchmarkPage> pages, IReadOnlyList<Run> runs)
    {
        var scores = runs.Select(run => pages.Select((p, i) => ShingleScore.Score(p.Id, run.Outputs[i].Text, p.ArticleBody)).ToList()).ToList();
        static double F1(ShingleScore.PageScore s) => s.Precision is not { } p || p + s.Recall == 0 ? 0 : 2 * p * s.Recall / (p + s.Recall);
        var worst = Enumerable.Range(0, pages.Count)
            .OrderByDescending(i => scores.Skip(1).Select(s => F1(s[i])).DefaultIfEmpty(1).Max() - F1(scores[0][i])).Take(40);
        Console.WriteLine($"    {"page",-14} {string.Join(" ", runs.Select(r => $"{r.Name,-22}"))}");
        foreach (var i in worst)
            Console.WriteLine($"    {pages[i].Id,-14} {string.Join(" ", scores.Select(s => $"P={s[i].Precision,5:0.000} R={s[i].Recall,5:0.000}     "))}");
    }

    /// <summary>For tuning: per page, the headings FeedHub gives that the truth lacks (+) and those it misses (-).</summary>
    private static void PrintHeadingDifferences(IReadOnlyList<BenchmarkPage> pages, IReadOnlyList<Output> outputs)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            var given = outputs[i].Headings.Select(HeadingScore.Normalize).ToList();
            var wanted = pages[i].Headings.Select(HeadingScore.Normalize).ToList();
            var extra = given.Where(h => !wanted.Contains(h)).Select(h => "+" + h);
            var missing = wanted.Where(h => !given.Contains(h)).Select(h => "-" + h);
            var differences = extra.Concat(missing).ToList();
            if (differences.Count > 0) Console.WriteLine($"    {pages[i].Id}: {string.Join(" | ", differences)}");
        }
    }
}
