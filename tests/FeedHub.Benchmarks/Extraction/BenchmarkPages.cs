using System.IO.Compression;
using System.Text.Json;

namespace FeedHub.Benchmarks.Extraction;

/// <summary>The pages of shared/extraction-bench-data with their hand-made answers.</summary>
public sealed record BenchmarkPage(string Id, Uri Url, string Html, string ArticleBody)
{
    public static IReadOnlyList<BenchmarkPage> Load(string folder)
    {
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "ground-truth.json")));
        var pages = new List<BenchmarkPage>();
        foreach (var entry in truth.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, "html", entry.Name + ".html.gz");
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            pages.Add(new BenchmarkPage(entry.Name, new Uri(entry.Value.GetProperty("url").GetString()!), reader.ReadToEnd(),
                entry.Value.GetProperty("articleBody").GetString()!));
        }
        return pages;
    }

    /// <summary>shared/extraction-bench-data, found beside the repository.</summary>
    public static string FindFolder() => FeedHub.Corpora.Corpora.Folder("extraction-bench-data");
}
