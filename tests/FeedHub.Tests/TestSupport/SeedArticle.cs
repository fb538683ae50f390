namespace FeedHub.Tests.TestSupport;

/// <summary>
/// The article FeedHub was started from: a news page as a typical site serves it, shipped with the offline demo
/// (config/samples/articles), and the facts that must be extracted from it (TestData/Seed/expected.json).
/// </summary>
public static class SeedArticle
{
    public const string PageUrl = "https://news.example.com/world-defense/north-korea-test-fires-new-missile/";

    public static string HtmlPath { get; } = RepositoryFile("config", "samples", "articles", "north-korea-test-fires-new-missile.html");

    public static string Html => File.ReadAllText(HtmlPath);

    public static string ExpectedJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Seed", "expected.json"));

    /// <summary>A file of the repository, found above the test's folder.</summary>
    public static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FeedHub.sln")))
                return Path.Combine([dir.FullName, .. parts]);
        throw new DirectoryNotFoundException("the repository (FeedHub.sln) was not found above " + AppContext.BaseDirectory);
    }
}
