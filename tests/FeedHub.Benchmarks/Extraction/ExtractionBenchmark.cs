using System.Diagnostics;
using AngleSharp.Html.Parser;
using FeedHub.Core.Extraction;

namespace FeedHub.Benchmarks.Extraction;

/// <summary>FeedHub's extractor on shared/extraction-bench-data: a page's extra and missing blocks, and speed against baselines (quality: <see cref="QualityReport"/>).</summary>
public static class ExtractionBenchmark
{
    private static readonly ArticleExtractor Extractor = new(new ContentSanitizer());

    /// <summary>For tuning: the blocks of one page that are extra (not in the answer) and the answer's paragraphs that are missing.</summary>
    public static int Debug(string[] args)
    {
        var set = BenchmarkPage.SetsNamed(args.SkipWhile(a => a != "--set").Skip(1).FirstOrDefault()).First();
        var page = BenchmarkPage.Load(BenchmarkPage.FindFolder(set)).First(p => p.Id.StartsWith(args[0], StringComparison.Ordinal));
        ExplainPath(page);
        var predicted = Extractor.Extract(page.Html, page.Url).ContentText;
        var score = ShingleScore.Score(page.Id, predicted, page.ArticleBody);
        Console.WriteLine($"{page.Url}\nP={score.Precision:0.000} R={score.Recall:0.000}");
        foreach (var block in predicted.Split("\n\n").Where(b => ShingleScore.Score("", b, page.ArticleBody).Precision < 0.5))
            Console.WriteLine("  EXTRA   " + Shorten(block));
        foreach (var paragraph in page.ArticleBody.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => ShingleScore.Score("", p, predicted).Precision < 0.5))
            Console.WriteLine("  MISSING " + Shorten(paragraph));
        return 0;
    }

    /// <summary>Where the answer's first paragraph sits, what removes it, and which element wins the scoring.</summary>
    private static void ExplainPath(BenchmarkPage page)
    {
        using var document = new HtmlParser().ParseDocument(page.Html);
        var longest = page.ArticleBody.Split('\n', StringSplitOptions.RemoveEmptyEntries).MaxBy(p => p.Length) ?? "";
        var probe = longest.Trim()[..Math.Min(40, longest.Trim().Length)];
        var holder = document.Body!.QuerySelectorAll("*").LastOrDefault(e => e.TextContent.Contains(probe));
        var chain = holder is null ? [] : Lineage(holder);
        Console.WriteLine("  PATH    " + string.Join(" > ", chain.Select(Describe)));
        FeedHub.Core.Extraction.PageCleaner.Clean(document.Body!);
        var removed = chain.FirstOrDefault(e => !document.Body!.Contains(e) && e != document.Body && e != document.DocumentElement);
        if (removed is not null) Console.WriteLine("  REMOVED " + Describe(removed));
        // Every element's score as measured (each pass, when a side region is set aside and the page scored again):
        // the answer's path, to see where its prose is lost, then the best-scored elements, to see what beat it.
        var traced = new List<(AngleSharp.Dom.IElement E, double S)>();
        FeedHub.Core.Extraction.MainContentFinder.TraceScore = (e, s) => traced.Add((e, s));
        var main = FeedHub.Core.Extraction.MainContentFinder.Find(document.Body!);
        FeedHub.Core.Extraction.MainContentFinder.TraceScore = null;
        foreach (var (e, s) in traced.Where(t => chain.Contains(t.E)))
            Console.WriteLine($"  CHAIN {s,8:0.0} {Describe(e)} {TextMeasure.Normalize(e.TextContent).Length} chars: {Shorten(TextMeasure.Normalize(e.TextContent))}");
        foreach (var (e, s) in traced.OrderByDescending(t => t.S).Take(12))
            Console.WriteLine($"  SCORE {s,8:0.0} {string.Join(" > ", Lineage(e).TakeLast(4).Select(Describe))}: {Shorten(TextMeasure.Normalize(e.TextContent))}");
        Console.WriteLine("  MAIN    " + string.Join(" > ", Lineage(main).Select(Describe)));
        Console.WriteLine($"  MAIN    {main.TextContent.Length} characters: {Shorten(TextMeasure.Normalize(main.TextContent))}");
    }

    private static List<AngleSharp.Dom.IElement> Lineage(AngleSharp.Dom.IElement element)
    {
        var chain = new List<AngleSharp.Dom.IElement>();
        for (var e = element; e is not null; e = e.ParentElement) chain.Insert(0, e);
        return chain;
    }

    private static string Describe(AngleSharp.Dom.IElement e) =>
        e.LocalName + (string.IsNullOrEmpty(e.Id) ? "" : "#" + e.Id) + (string.IsNullOrEmpty(e.ClassName) ? "" : "." + e.ClassName.Replace(' ', '.'));

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "...";

    public static int Speed(string[] args)
    {
        var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(5);
        var pages = BenchmarkPage.Load(BenchmarkPage.FindFolder());
        var parser = new HtmlParser();
        var candidates = new (string Name, Action<BenchmarkPage> Run)[]
        {
            ("AngleSharp parse only", page => parser.ParseDocument(page.Html).Dispose()),
            // The same parse with the options and context FeedHub parses with (no comments, no attribute observers...):
            // what FeedHub's own steps cost over its own parse, beside the target's ratio to AngleSharp's default.
            ("FeedHub's parse only", page => ArticleExtractor.Parser.ParseDocument(page.Html).Dispose()),
            ("FeedHub extraction", page => Extractor.Extract(page.Html, page.Url)),
            ("SmartReader 0.11.1", page => new SmartReader.Reader(page.Url.AbsoluteUri, page.Html).GetArticle()),
        };
        // Interleaved rounds, and each candidate's fastest round: on a shared machine, noise only ever adds time.
        var fastest = candidates.ToDictionary(c => c.Name, _ => TimeSpan.MaxValue);
        foreach (var candidate in candidates) Run(candidate.Run, pages); // warm-up: JIT, caches
        for (var round = 0; round < rounds; round++)
            foreach (var candidate in candidates)
                fastest[candidate.Name] = TimeSpan.FromTicks(Math.Min(fastest[candidate.Name].Ticks, Run(candidate.Run, pages).Ticks));
        var rates = fastest.ToDictionary(e => e.Key, e => pages.Count / e.Value.TotalSeconds);
        Console.WriteLine($"{pages.Count} pages, fastest of {rounds} interleaved rounds each, one thread");
        foreach (var (name, rate) in rates) Console.WriteLine($"  {name,-24} {rate,8:0.0} pages/s");
        Console.WriteLine($"  FeedHub / SmartReader    {rates["FeedHub extraction"] / rates["SmartReader 0.11.1"],8:0.00}x  (target >= 3)");
        Console.WriteLine($"  FeedHub / bare parse     {rates["FeedHub extraction"] / rates["AngleSharp parse only"],8:0.00}x  (target >= 0.7)");
        Console.WriteLine($"  FeedHub / its own parse  {rates["FeedHub extraction"] / rates["FeedHub's parse only"],8:0.00}x  (FeedHub's parser setup alone)");
        return 0;
    }

    /// <summary>For tuning speed: the time each stage adds over the bare parse.</summary>
    public static int Stages(string[] args)
    {
        var pages = BenchmarkPage.Load(BenchmarkPage.FindFolder());
        var parser = new HtmlParser();
        var sanitizer = new ContentSanitizer();
        var stages = new (string Name, Action<BenchmarkPage> Run)[]
        {
            ("parse", p => parser.ParseDocument(p.Html).Dispose()),
            ("+metadata", p => { using var d = parser.ParseDocument(p.Html); using var m = new PageMetadata(d, p.Url); _ = (m.Title, m.Byline, m.Published, m.Modified, m.Canonical, m.LeadImage, m.Language, m.Sections().ToList()); }),
            ("+clean+find", p => { using var d = parser.ParseDocument(p.Html); PageCleaner.Clean(d.Body!); MainContentFinder.Find(d.Body!); }),
            ("+write", p => { using var d = parser.ParseDocument(p.Html); PageCleaner.Clean(d.Body!); ContentWriter.Write(MainContentFinder.Find(d.Body!), null); }),
            ("+sanitize", p => { using var d = parser.ParseDocument(p.Html); PageCleaner.Clean(d.Body!); sanitizer.Sanitize(ContentWriter.Write(MainContentFinder.Find(d.Body!), null).Html, p.Url); }),
        };
        foreach (var stage in stages) Run(stage.Run, pages);
        var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(10);
        var best = Enumerable.Repeat(double.MaxValue, stages.Length).ToArray();
        for (var round = 0; round < rounds; round++)
            for (var i = 0; i < stages.Length; i++) best[i] = Math.Min(best[i], Run(stages[i].Run, pages).TotalMilliseconds);
        Console.WriteLine($"best of {rounds} rounds:");
        for (var i = 0; i < stages.Length; i++)
            Console.WriteLine($"  {stages[i].Name,-14} {best[i] / pages.Count,6:0.00} ms/page");
        return 0;
    }

    private static TimeSpan Run(Action<BenchmarkPage> run, IReadOnlyList<BenchmarkPage> pages)
    {
        var watch = Stopwatch.StartNew();
        foreach (var page in pages) run(page);
        return watch.Elapsed;
    }
}
