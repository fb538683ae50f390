using System.Globalization;
using System.Net;
using System.Xml.Linq;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A published feed is as current as the store, and says when it last changed (issue 17, items 1 and 2): a write
/// by another connection (another process, another worker) is served at once, and Last-Modified, Atom updated and
/// RSS lastBuildDate move when an article older than the newest is added.
/// </summary>
public sealed class FeedFreshnessTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private HostedFeedHub hub = null!;

    public async Task InitializeAsync()
    {
        hub = await HostedFeedHub.StartAsync((dir, upstream) =>
        {
            Serve(upstream, 5);
            return TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:00:01"));
        });
        await Eventually.TrueAsync(() => hub.Get<ArticleStore>().Count() == 1);
    }

    /// <summary>Items dated on these days of January 2025, newest first as feeds list them.</summary>
    private static void Serve(LoopbackServer upstream, params int[] days) =>
        upstream.Serve("feed.xml", Feeds.Rss(days.Select(d => new Feeds.Item(
            "g" + d, "Story of day " + d, upstream.Url("missing" + d), $"<p>Text of the story of day {d}, long enough to read.</p>",
            new DateTimeOffset(2025, 1, d, 12, 0, 0, TimeSpan.Zero))).ToArray()), "application/rss+xml");

    [Fact]
    public async Task An_older_story_added_moves_Last_Modified_and_the_feed_dates()
    {
        using var before = await hub.Http.GetAsync(hub.Url("feeds/world-defense.atom"));
        var lastModified = before.Content.Headers.LastModified!.Value;
        var rssBefore = XDocument.Parse(await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.rss")));
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // HTTP dates have whole seconds

        Serve(hub.Upstream, 5, 2); // a story dated before the newest
        await Eventually.TrueAsync(() => hub.Get<ArticleStore>().Count() == 2);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, hub.Url("feeds/world-defense.atom"));
        conditional.Headers.IfModifiedSince = lastModified;
        using var after = await hub.Http.SendAsync(conditional);
        var atom = XDocument.Parse(await after.Content.ReadAsStringAsync());
        var rssAfter = XDocument.Parse(await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.rss")));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.True(after.Content.Headers.LastModified > lastModified);
        Assert.True(DateTimeOffset.Parse(atom.Root!.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture) > lastModified);
        Assert.NotEqual(rssBefore.Root!.Element("channel")!.Element("lastBuildDate")!.Value,
            rssAfter.Root!.Element("channel")!.Element("lastBuildDate")!.Value);
        Assert.Equal(2, atom.Root.Elements(Atom + "entry").Count());
    }

    [Fact]
    public async Task A_write_by_another_connection_is_served_at_once()
    {
        var first = await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.atom")); // now cached
        Assert.Contains("Story of day 5", first);

        // What another process (feedhub refresh, another worker) does: it writes the file, this server is not told.
        using (var other = new SqliteConnection($"Data Source={hub.Get<Database>().FilePath}"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "UPDATE articles SET title = 'Corrected elsewhere'";
            command.ExecuteNonQuery();
        }
        var again = await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.atom"));
        var all = await hub.Http.GetStringAsync(hub.Url("feeds/all.json"));

        Assert.Contains("Corrected elsewhere", again);
        Assert.Contains("Corrected elsewhere", all);
    }

    [Fact]
    public async Task A_purge_leaves_no_cached_feed_showing_what_it_removed()
    {
        Assert.Contains("Story of day 5", await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.atom"))); // cached

        var purged = hub.Get<Retention>().Purge(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), null);

        Assert.Equal(1, purged);
        Assert.DoesNotContain("Story of day 5", await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.atom")));
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
