using System.Text.Json.Nodes;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>
/// `feedhub refresh` says what it did (issue 17 item 16): a source disabled in the config is not polled unless forced,
/// and a story another source brought already is reported as linked, not as a new article.
/// </summary>
public sealed class RefreshCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("story.html", SeedArticle.Html, "text/html; charset=utf-8");
        upstream.Serve("wire.xml", Feeds.Rss(new Feeds.Item("w1", "Missile test", upstream.Url("story.html"))), "application/rss+xml");
        upstream.Serve("blog.xml", Feeds.Rss(new Feeds.Item("b1", "Missile test (via the wire)", upstream.Url("story.html?utm_source=rss"))), "application/rss+xml");
        config = TestConfig.Write(dir, ("wire", upstream.Url("wire.xml"), "01:00:00"), ("blog", upstream.Url("blog.xml"), "01:00:00"),
            ("quiet", upstream.Url("quiet.xml"), "01:00:00"));
        var document = JsonNode.Parse(File.ReadAllText(config))!;
        document["Sources"]![2]!["Enabled"] = false;
        File.WriteAllText(config, document.ToJsonString());
        upstream.Serve("quiet.xml", Feeds.Rss(new Feeds.Item("q1", "Quiet news", upstream.Url("story.html"))), "application/rss+xml");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) => FeedHubProcess.RunAsync([.. args, "--config", config]);

    [Fact]
    public async Task A_source_disabled_in_the_config_is_not_polled_unless_forced()
    {
        var (refusedCode, refused, _) = await Run("refresh", "--source", "quiet");
        var hitsWhenRefused = upstream.Hits("quiet.xml");
        var (forcedCode, forced, forcedError) = await Run("refresh", "--source", "quiet", "--force");

        Assert.Equal(1, refusedCode);
        Assert.Contains("quiet: disabled: disabled in the config (Enabled: false), so not polled", refused);
        Assert.Equal(0, hitsWhenRefused);
        Assert.True(forcedCode == 0, forcedError);
        Assert.Contains("quiet: updated, 1 new articles", forced);
        Assert.Equal(1, upstream.Hits("quiet.xml"));
    }

    [Fact]
    public async Task A_story_another_source_brought_is_reported_as_linked_not_new()
    {
        var (_, wire, _) = await Run("refresh", "--source", "wire");
        var (blogCode, blog, _) = await Run("refresh", "--source", "blog");

        Assert.Contains("wire: updated, 1 new articles (", wire);
        Assert.Equal(0, blogCode);
        Assert.Contains("blog: updated, 0 new articles, 1 linked to stories stored already (", blog);
    }

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    public void Dispose() => dir.Dispose();
}
