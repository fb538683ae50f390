using FeedHub.Corpora;

namespace FeedHub.Benchmarks.Listings;

/// <summary>
/// `listing-quality [--pages] [--items]`: the listing finder's precision (links taken that are articles) and recall (articles
/// on the page that are taken) over the listing pages in the tests' data, pooled, and with --pages each page's
/// score with the links it got wrong or missed (--items: what it read of each article).
/// </summary>
public static class ListingQuality
{
    public static int Print(string[] args)
    {
        var scores = ListingPages.ScoreAll(ListingPages.Folder());
        var showPages = args.Contains("--pages");
        Console.WriteLine($"{"page",-24} {"taken",5} {"right",5} {"expected",8}  status");
        foreach (var score in scores)
        {
            Console.WriteLine($"{score.Page.Name,-24} {score.Taken.Count,5} {score.Right,5} {score.Page.Expected.Count,8}  {score.Found.Status}");
            if (args.Contains("--items"))
                foreach (var item in score.Found.Items)
                    Console.WriteLine($"    {item.Published:yyyy-MM-dd HH:mm} {item.Title} | {item.Summary?[..Math.Min(40, item.Summary.Length)]} | {item.Image}");
            if (!showPages) continue;
            foreach (var wrong in score.Wrong) Console.WriteLine($"    taken, not an expected article: {wrong}");
            foreach (var missed in score.Missed)
                Console.WriteLine($"    missed: {missed} ({score.Found.LeftOut.FirstOrDefault(l => l.Href == missed)?.Reason ?? "never seen"})");
        }
        var (precision, recall) = ListingPages.Pooled(scores);
        var pagesRight = scores.Count(s => s.Page.IsListing == s.Found.IsListing);
        Console.WriteLine($"{scores.Count} pages: precision {precision:0.000}, recall {recall:0.000}; listing or not told right on {pagesRight} of {scores.Count}");
        return 0;
    }
}
