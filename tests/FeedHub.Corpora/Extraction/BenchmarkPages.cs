using System.IO.Compression;
using System.Text.Json;

namespace FeedHub.Benchmarks.Extraction;

/// <summary>
/// A page of one of the shared extraction data sets with its answer: the article's text, and where
/// the set has them (shared/extraction-headings), its title and headings in order.
/// </summary>
public sealed record BenchmarkPage(string Id, Uri Url, string Html, string ArticleBody)
{
    /// <summary>The development benchmark, the Dragnet training split, and the headings set: the folder names under shared/.</summary>
    public const string DevelopmentSet = "extraction-bench-data";
    public const string DragnetSet = "extraction-dragnet-train";
    public const string HeadingsSet = "extraction-headings";

    public static readonly IReadOnlyList<string> Sets = [DevelopmentSet, DragnetSet, HeadingsSet];

    /// <summary>The sets a command line names by part of their name ("dragnet"), or all of them.</summary>
    public static IEnumerable<string> SetsNamed(string? part) =>
        Sets.Where(s => part is null || s.Contains(part, StringComparison.Ordinal));

    public string? Title { get; init; }

    public IReadOnlyList<string> Headings { get; init; } = [];

    public static IReadOnlyList<BenchmarkPage> Load(string folder)
    {
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "ground-truth.json")));
        var pages = new List<BenchmarkPage>();
        foreach (var entry in truth.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, "html", entry.Name + ".html.gz");
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            var answer = entry.Value;
            // The Dragnet pages come without their address; extraction only needs one to resolve links.
            var url = answer.TryGetProperty("url", out var address) ? address.GetString()! : $"http://page.invalid/{entry.Name}.html";
            pages.Add(new BenchmarkPage(entry.Name, new Uri(url), reader.ReadToEnd(), answer.GetProperty("articleBody").GetString()!)
            {
                Title = answer.TryGetProperty("title", out var title) ? title.GetString() : null,
                Headings = answer.TryGetProperty("headings", out var headings)
                    ? headings.EnumerateArray().Select(h => h[1].GetString()!).ToList()
                    : [],
            });
        }
        return pages;
    }

    /// <summary>The corpus NAME (the development benchmark by default): FEEDHUB_CORPORA, else shared/ beside the repository.</summary>
    public static string FindFolder(string name = DevelopmentSet) => FeedHub.Corpora.Corpora.Folder(name);
}
