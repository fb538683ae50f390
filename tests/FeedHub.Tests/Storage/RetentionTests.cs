using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Storage;

/// <summary>Retention on a real store: old and surplus articles go, and leave tombstones that a re-poll respects.</summary>
public sealed class RetentionTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private FeedHubConfiguration configuration = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        // Four items: two from 2020, two from last week.
        var now = DateTimeOffset.UtcNow;
        server.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("old1", "Old one", server.Url("x1"), "<p>Old story one.</p>", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            new Feeds.Item("old2", "Old two", server.Url("x2"), "<p>Old story two.</p>", new DateTimeOffset(2020, 1, 2, 0, 0, 0, TimeSpan.Zero)),
            new Feeds.Item("new1", "New one", server.Url("x3"), "<p>New story one.</p>", now.AddDays(-7)),
            new Feeds.Item("new2", "New two", server.Url("x4"), "<p>New story two.</p>", now.AddDays(-6))), "application/rss+xml");
        configuration = FeedHubConfiguration.Load(TestConfig.Write(dir, ("s1", server.Url("feed.xml"), "00:05:00")));
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
        await PollAsync();
    }

    private Task<PollOutcome> PollAsync() => services.GetRequiredService<SourcePoller>().PollAsync(configuration.EnabledSources()[0], default);

    private List<string> Titles() => services.GetRequiredService<ArticleStore>().FindLatest(null, 10).Select(a => a.Title).ToList();

    /// <summary>As if the articles had been stored on 3 January 2020.</summary>
    private void StoredLongAgo()
    {
        using var connection = services.GetRequiredService<Database>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE articles SET fetched_at = '2020-01-03T00:00:00Z'";
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Old_stories_stored_today_are_kept_the_whole_period()
    {
        // The offline samples are such stories: dated 2025, stored when FeedHub first starts.
        Assert.Equal(0, services.GetRequiredService<Retention>().Apply(new RetentionOptions { Days = 90 }));
        Assert.Equal(4, Titles().Count);
    }

    [Fact]
    public async Task Articles_past_the_age_limit_go_and_do_not_come_back()
    {
        StoredLongAgo();
        var purged = services.GetRequiredService<Retention>().Apply(new RetentionOptions { Days = 90 });
        var repoll = await PollAsync(); // the feed still lists the old items

        Assert.Equal(2, purged);
        Assert.Equal(0, repoll.NewArticles);
        Assert.Equal(["New two", "New one"], Titles());
    }

    [Fact]
    public void Each_source_keeps_its_newest_articles_up_to_the_limit()
    {
        var purged = services.GetRequiredService<Retention>().Apply(new RetentionOptions { Days = 0, MaxPerSource = 3 });

        Assert.Equal(1, purged);
        Assert.Equal(["New two", "New one", "Old two"], Titles());
    }

    [Fact]
    public void A_policy_of_zeros_keeps_everything()
    {
        Assert.Equal(0, services.GetRequiredService<Retention>().Apply(new RetentionOptions { Days = 0, MaxPerSource = 0 }));
        Assert.Equal(4, Titles().Count);
    }

    [Fact]
    public async Task The_purge_command_takes_an_age()
    {
        StoredLongAgo();
        await services.DisposeAsync();
        var path = Path.Combine(dir.Path, "feedhub.json");

        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["db", "purge", "--older-than", "30d", "--config", path]);
        var (badCode, _, bad) = await FeedHubProcess.RunAsync(["db", "purge", "--older-than", "soon", "--config", path]);

        Assert.Equal(0, exitCode);
        Assert.Equal("2 articles purged", stdout.Trim());
        Assert.Equal(2, badCode);
        Assert.Contains("--older-than 'soon'", bad);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
