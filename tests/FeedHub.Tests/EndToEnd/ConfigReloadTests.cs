using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>The real host picks up an edited config file: new sources are polled, removed ones stop, a broken edit is ignored.</summary>
public sealed class ConfigReloadTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("a.xml", Feeds.Rss(new Feeds.Item("a1", "From A", upstream.Url("none.html"))), "application/rss+xml");
        upstream.Serve("b.xml", Feeds.Rss(new Feeds.Item("b1", "From B", upstream.Url("none.html"))), "application/rss+xml");
        host = await RunningHost.StartAsync(TestConfig.Write(dir, ("a", upstream.Url("a.xml"), "00:00:01")));
    }

    [Fact]
    public async Task An_added_source_is_polled_and_a_removed_one_stops_without_a_restart()
    {
        await Eventually.TrueAsync(() => upstream.Hits("a.xml") >= 1);

        // A broken edit first: it is refused and A goes on being polled.
        File.WriteAllText(dir.File("feedhub.json"), "{ \"Sources\": [ { \"Id\": \"a\", \"Url\": \"nope\" } ] }");
        var hitsBefore = upstream.Hits("a.xml");
        await Eventually.TrueAsync(() => upstream.Hits("a.xml") >= hitsBefore + 2);
        Assert.Equal(upstream.Url("a.xml"), host.Get<LiveConfiguration>().Current.EnabledSources()[0].Url);

        TestConfig.Write(dir, ("b", upstream.Url("b.xml"), "00:00:01"));
        await Eventually.TrueAsync(() => upstream.Hits("b.xml") >= 2);
        var hitsOfA = upstream.Hits("a.xml");
        await Eventually.TrueAsync(() => upstream.Hits("b.xml") >= 4);

        Assert.InRange(upstream.Hits("a.xml"), hitsOfA, hitsOfA + 1); // at most a poll that was already under way
        var articles = host.Get<ArticleStore>();
        Assert.Equal(1, articles.Count("a"));
        Assert.Equal(1, articles.Count("b"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await upstream.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
