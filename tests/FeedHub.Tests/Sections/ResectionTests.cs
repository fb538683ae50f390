using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Sections;

/// <summary>Changed rules move stored articles: through the service the server calls on reload, and through `feedhub sections apply`.</summary>
public sealed class ResectionTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private string WriteConfig(string keyword) => dir.Write("feedhub.json", $$"""
        {
          "Store": { "Path": "{{dir.File("feedhub.db")}}" },
          "Sections": [
            { "Slug": "news", "Name": "News" },
            { "Slug": "space", "Name": "Space", "Include": { "Keywords": [ "{{keyword}}" ] } }
          ],
          "Sources": [ { "Id": "s1", "Url": "https://example.com/feed", "Section": "news" } ]
        }
        """);

    private static void StoreArticles(FeedHubConfiguration configuration)
    {
        using var services = TestConfig.Services(configuration);
        var database = services.GetRequiredService<Database>();
        database.Migrate();
        var source = configuration.EnabledSources()[0];
        var articles = new[] { ("g1", "Rocket lands on barge"), ("g2", "Telescope finds comet") }.Select(a =>
        {
            var article = new Article
            {
                Id = StableId.ForArticle("s1", a.Item1), SourceId = "s1", Guid = a.Item1, Title = a.Item2, ContentText = a.Item2,
                Extraction = ExtractionOutcome.Extracted, FetchedAt = DateTimeOffset.UtcNow,
            };
            return article with { Sections = Sectioner.Assign(article, source, configuration.Catalog.Sections) };
        }).ToList();
        database.InTransaction(tx =>
        {
            SourceStore.Save(tx, source, SourceState.New("s1"));
            ArticleStore.Insert(tx, articles);
        });
    }

    [Fact]
    public async Task Changed_rules_move_stored_articles_into_and_out_of_sections()
    {
        var before = FeedHubConfiguration.Load(WriteConfig("rocket"));
        StoreArticles(before);
        var after = FeedHubConfiguration.Load(WriteConfig("telescope"));
        using var services = TestConfig.Services(after);

        var changed = await services.GetRequiredService<Resectioner>().ApplyAsync(after);

        Assert.Equal(2, changed);
        var space = services.GetRequiredService<ArticleStore>().FindLatest("space", 10);
        var moved = Assert.Single(space);
        Assert.Equal("Telescope finds comet", moved.Title);
        Assert.Contains(new ArticleSection("space", "keyword:telescope"), moved.Sections);
        Assert.Equal(2, services.GetRequiredService<ArticleStore>().FindLatest("news", 10).Count);
    }

    [Fact]
    public async Task The_command_applies_the_rules_too()
    {
        StoreArticles(FeedHubConfiguration.Load(WriteConfig("rocket")));
        var path = WriteConfig("comet");

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["sections", "apply", "--config", path]);

        Assert.Equal(0, exitCode);
        Assert.Equal("2 articles changed sections", stdout.Trim()); // data on standard output
        Assert.Contains("Section rules applied", stderr); // logs on standard error
    }

    public void Dispose() => dir.Dispose();
}
