namespace FeedHub.Corpora;

/// <summary>
/// Where the external corpora live: the extraction data sets, the feed conformance corpus and the seed, which are
/// not part of the repository. One setting decides it: FEEDHUB_CORPORA, the folder that holds them; without it, a
/// folder named "shared" beside the repository (or above the test's folder), as the project lays it out.
/// </summary>
public static class Corpora
{
    public const string RootVariable = "FEEDHUB_CORPORA";

    /// <summary>Set to 1 (CI does) to make a missing corpus fail its tests instead of skipping them.</summary>
    public const string RequireVariable = "FEEDHUB_REQUIRE_CORPORA";

    public static bool AreRequired => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    /// <summary>The folder of corpus <paramref name="name"/> (e.g. "feed-conformance"), or null when it is not there.</summary>
    public static string? Find(string name)
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root)
            return Directory.Exists(Path.Combine(root, name)) ? Path.GetFullPath(Path.Combine(root, name)) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", name);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The folder of corpus <paramref name="name"/>; throws, saying where it was looked for, when it is missing.</summary>
    public static string Folder(string name) =>
        Find(name) ?? throw new DirectoryNotFoundException(MissingReason(name));

    /// <summary>Why a corpus is missing and how to provide it, in one line.</summary>
    public static string MissingReason(string name) =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root
            ? $"the corpus '{name}' is not in {RootVariable}={root}"
            : $"the corpus '{name}' was not found: it is not part of the repository; put the project's shared/ folder "
              + $"(with {name}/) beside the repository, or set {RootVariable} to the folder that holds it";
}
