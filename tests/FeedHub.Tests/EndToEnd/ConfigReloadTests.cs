using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>The real host picks up an edited config file: new sources are polled, removed ones stop, a broken edit is ignored.</summary>
public sealed class ConfigReloadTests : IAsyncLifetime
{
    private HostedFeedHub hub = null!;

    public async Task InitializeAsync()
    {
        hub = await HostedFeedHub.StartAsync((dir, upstream) =>
        {
            upstream.Serve("a.xml", Feeds.Rss(new Feeds.Item("a1", "From A", upstream.Url("none.html"))), "application/rss+xml");
            upstream.Serve("b.xml", Feeds.Rss(new Feeds.Item("b1", "From B", upstream.Url("none.html"))), "application/rss+xml");
            return TestConfig.Write(dir, ("a", upstream.Url("a.xml"), "00:00:01"));
        });
    }

    [Fact]
    public async Task An_added_source_is_polled_and_a_removed_one_stops_without_a_restart()
    {
        await Eventually.TrueAsync(() => hub.Upstream.Hits("a.xml") >= 1);

        // A broken edit first: it is refused and A goes on being polled.
        File.WriteAllText(hub.Dir.File("feedhub.json"), "{ \"Sources\": [ { \"Id\": \"a\", \"Url\": \"nope\" } ] }");
        var hitsBefore = hub.Upstream.Hits("a.xml");
        await Eventually.TrueAsync(() => hub.Upstream.Hits("a.xml") >= hitsBefore + 2);
        Assert.Equal(hub.Upstream.Url("a.xml"), hub.Get<LiveConfiguration>().Current.EnabledSources()[0].Url);

        TestConfig.Write(hub.Dir, ("b", hub.Upstream.Url("b.xml"), "00:00:01"));
        await Eventually.TrueAsync(() => hub.Upstream.Hits("b.xml") >= 2);
        var hitsOfA = hub.Upstream.Hits("a.xml");
        await Eventually.TrueAsync(() => hub.Upstream.Hits("b.xml") >= 4);

        Assert.InRange(hub.Upstream.Hits("a.xml"), hitsOfA, hitsOfA + 1); // at most a poll that was already under way
        var articles = hub.Get<ArticleStore>();
        Assert.Equal(1, articles.Count("a"));
        Assert.Equal(1, articles.Count("b"));
    }

    [Fact]
    public async Task A_key_given_twice_while_serving_is_logged_and_ignored_and_the_server_goes_on()
    {
        await Eventually.TrueAsync(() => hub.Upstream.Hits("a.xml") >= 1);
        var before = hub.Get<LiveConfiguration>().Current;

        // Issue 14 item 1: this edit ended the process with an unhandled "A duplicate key ... was found".
        var edited = File.ReadAllText(hub.Dir.File("feedhub.json"))
            .Replace("\"Interval\": \"00:00:01\"", "\"Interval\": \"00:00:01\", \"interval\": \"01:00:00\"");
        Assert.Contains("\"interval\"", edited);
        File.WriteAllText(hub.Dir.File("feedhub.json"), edited);
        var hits = hub.Upstream.Hits("a.xml");
        await Eventually.TrueAsync(() => hub.Upstream.Hits("a.xml") >= hits + 2); // still polled every second: the old interval

        Assert.Same(before, hub.Get<LiveConfiguration>().Current);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await hub.Http.GetAsync(hub.Url("healthz"))).StatusCode);

        // And the next good edit is taken as usual.
        TestConfig.Write(hub.Dir, ("b", hub.Upstream.Url("b.xml"), "00:00:01"));
        await Eventually.TrueAsync(() => hub.Get<LiveConfiguration>().Current.EnabledSources() is [{ Id: "b" }]);
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
