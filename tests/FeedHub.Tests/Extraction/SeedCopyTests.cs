using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Extraction;

/// <summary>The seed page and its expectations are kept in the repository; they must stay what shared/seed says.</summary>
public sealed class SeedCopyTests
{
    [SkippableFact]
    public void The_repository_copies_are_the_seed()
    {
        var seed = Corpus.Require("seed");

        Assert.Equal(File.ReadAllText(Path.Combine(seed, "article.html")), SeedArticle.Html);
        Assert.Equal(File.ReadAllText(Path.Combine(seed, "expected.json")).Trim(), SeedArticle.ExpectedJson.Trim());
    }
}
