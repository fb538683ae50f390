using System.Text.Json;
using FeedHub.Core.Listings;

namespace FeedHub.Corpora;

/// <summary>
/// The listing pages of tests/FeedHub.Tests/TestData/Listings, each beside a JSON file with its address, whether it is
/// a listing, and the article links a reader would expect from it; and the listing finder's score over them. Part of
/// the repository (written for FeedHub, no site's real page), so they are always there, unlike the corpora.
/// </summary>
public static class ListingPages
{
    public sealed record Page(string Name, Uri Url, bool IsListing, IReadOnlyList<string> Expected, string Html);

    /// <summary>One page's outcome: what the finder took, and what it should have.</summary>
    public sealed record Score(Page Page, Listing Found)
    {
        public IReadOnlyList<string> Taken => Found.Items.Select(i => i.Url.AbsoluteUri).ToList();
        public IReadOnlyList<string> Wrong => Taken.Except(Page.Expected).ToList();
        public IReadOnlyList<string> Missed => Page.Expected.Except(Taken).ToList();
        public int Right => Taken.Count - Wrong.Count;
    }

    /// <summary>Links taken that are expected articles over links taken; recall: expected articles taken over expected, pooled over the pages.</summary>
    public static (double Precision, double Recall) Pooled(IReadOnlyList<Score> scores)
    {
        var taken = scores.Sum(s => s.Taken.Count);
        var expected = scores.Sum(s => s.Page.Expected.Count);
        var right = scores.Sum(s => s.Right);
        return (taken == 0 ? 1 : (double)right / taken, expected == 0 ? 1 : (double)right / expected);
    }

    public static IReadOnlyList<Score> ScoreAll(string folder) =>
        Load(folder).Select(p => new Score(p, ListingFinder.Find(p.Html, p.Url))).ToList();

    public static IReadOnlyList<Page> Load(string folder) =>
        Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal).Select(html =>
        {
            using var truth = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(html, ".json")));
            var root = truth.RootElement;
            return new Page(Path.GetFileNameWithoutExtension(html), new Uri(root.GetProperty("url").GetString()!), root.GetProperty("listing").GetBoolean(),
                root.GetProperty("articles").EnumerateArray().Select(a => a.GetString()!).ToList(), File.ReadAllText(html));
        }).ToList();

    /// <summary>The folder in the repository, found from the running program's folder upwards.</summary>
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "FeedHub.Tests", "TestData", "Listings");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/FeedHub.Tests/TestData/Listings was not found above " + AppContext.BaseDirectory);
    }
}
