using System.Text.RegularExpressions;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests;

/// <summary>
/// The folders of FeedHub.Core depend on each other only as the README's "How it works" allows: the stages lean on
/// Model and Configuration, Processing runs the pipeline and may use every stage, and no two folders depend on each
/// other (a cycle means two stages that can't be understood apart).
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Model"] = [],
        // Counters and histograms every stage records into; the host exports them. Their labels are the model's reasons.
        ["Metrics"] = ["Model"],
        ["Configuration"] = ["Model"],
        ["Fetching"] = ["Configuration", "Metrics", "Model"],
        ["Parsing"] = ["Model"],
        // Listing pages read into entries: dates read as feeds' are, results shaped as the feed parser's.
        ["Listings"] = ["Model", "Parsing"],
        ["Extraction"] = ["Configuration", "Metrics", "Model"],
        ["Storage"] = ["Configuration", "Metrics", "Model"],
        // The feed for a request is read from the store, and kept while the store's version of what it shows stands.
        ["Publishing"] = ["Configuration", "Metrics", "Model", "Storage"],
        // Re-sectioning empties the feed cache after a configuration change (names and titles are not in the store).
        ["Sections"] = ["Configuration", "Metrics", "Model", "Publishing", "Storage"],
        ["Processing"] = ["Configuration", "Extraction", "Fetching", "Listings", "Metrics", "Model", "Parsing", "Publishing", "Sections", "Storage"],
    };

    [Fact]
    public void Core_folders_depend_only_on_the_folders_they_may()
    {
        var core = SeedArticle.RepositoryFile("src", "FeedHub.Core");
        var found = Directory.GetDirectories(core).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).ToList();
        var wrong = new List<string>();
        foreach (var folder in found)
        {
            if (!Allowed.TryGetValue(folder!, out var allowed))
            {
                wrong.Add($"{folder}: a new folder; add it to ArchitectureTests.Allowed and to the README");
                continue;
            }
            var used = Directory.GetFiles(Path.Combine(core, folder!), "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => CoreReference().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Folder: m.Groups[1].Value)))
                .Where(r => r.Folder != folder && !allowed.Contains(r.Folder))
                .Distinct();
            wrong.AddRange(used.Select(r => $"{folder} -> {r.Folder} (in {r.File})"));
        }
        Assert.True(wrong.Count == 0, "dependencies the architecture does not allow:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_allowed_dependencies_have_no_cycle()
    {
        foreach (var (folder, _) in Allowed)
            Assert.False(Reaches(folder, folder, []), $"{folder} depends on itself through other folders");
    }

    /// <summary>
    /// A test that needs a corpus asks Corpus.Require, which skips without it (a user's clone) and fails under CI's
    /// FEEDHUB_REQUIRE_CORPORA; a direct FindFolder would fail the README's test command in a plain clone.
    /// </summary>
    [Fact]
    public void Tests_reach_the_corpora_only_through_Corpus_Require()
    {
        var tests = SeedArticle.RepositoryFile("tests", "FeedHub.Tests");
        var direct = Directory.GetFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(f => Path.GetFileName(f) is not ("Corpus.cs" or "ArchitectureTests.cs"))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("FindFolder(") || text.Contains("Corpora.Folder(")))
            .Select(Path.GetFileName)
            .ToList();

        Assert.True(direct.Count == 0, "tests that open a corpus without Corpus.Require: " + string.Join(", ", direct));
    }

    private static bool Reaches(string from, string target, HashSet<string> seen) =>
        Allowed[from].Any(next => next == target || (seen.Add(next) && Reaches(next, target, seen)));

    [GeneratedRegex(@"\bFeedHub\.Core\.([A-Z][A-Za-z]+)")]
    private static partial Regex CoreReference();
}
