using System.Text;
using FeedHub.Core.Metrics;
using FeedHub.Core.Processing;
using FeedHub.Core.Publishing;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace FeedHub.Tests.Publishing;

/// <summary>The rendered-feed cache: versions, one render per stale feed, and its bound in bytes.</summary>
public sealed class FeedCacheTests : IDisposable
{
    private readonly PipelineMetrics metrics = new();
    private readonly FakeTimeProvider time = new();

    private static RenderedFeed Feed(int bytes, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < bytes) text.Append(random.Next()).Append(' ');
        return new RenderedFeed(Encoding.ASCII.GetBytes(text.ToString(0, bytes)), "application/atom+xml", DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void A_feed_is_rendered_again_only_after_a_section_it_shows_changed()
    {
        var cache = new FeedCache(metrics, time);
        var renders = 0;
        RenderedFeed Render() { renders++; return Feed(100, renders); }

        var first = cache.GetOrRender("/feeds/a.atom", ["a"], Render);
        var again = cache.GetOrRender("/feeds/a.atom", ["a"], Render);
        cache.Invalidate(["b"]);
        var afterOther = cache.GetOrRender("/feeds/a.atom", ["a"], Render);
        cache.Invalidate(["a"]);
        var afterOwn = cache.GetOrRender("/feeds/a.atom", ["a"], Render);

        Assert.Same(first, again);
        Assert.Same(first, afterOther);
        Assert.NotSame(first, afterOwn);
        Assert.Equal(2, renders);
        Assert.Equal(2, cache.Renders);
    }

    [Fact]
    public async Task Requests_that_find_a_feed_stale_together_wait_for_one_render()
    {
        var cache = new FeedCache(metrics, time);
        var renders = 0;
        using var start = new Barrier(8);

        var feeds = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return cache.GetOrRender("/feeds/a.atom", ["a"], () =>
            {
                Interlocked.Increment(ref renders);
                Thread.Sleep(200); // long enough for every request to arrive while it renders
                return Feed(100);
            });
        })));

        Assert.Equal(1, renders);
        Assert.Single(feeds.Distinct());
    }

    [Fact]
    public void A_failed_render_is_not_kept()
    {
        var cache = new FeedCache(metrics, time);

        Assert.Throws<InvalidOperationException>(() => cache.GetOrRender("/feeds/a.atom", ["a"], () => throw new InvalidOperationException("store closed")));
        var feed = cache.GetOrRender("/feeds/a.atom", ["a"], () => Feed(100));

        Assert.Equal(100, feed.Bytes);
    }

    [Fact]
    public void A_feed_of_several_sections_is_rendered_again_when_any_of_them_changes()
    {
        var cache = new FeedCache(metrics, time);
        var renders = 0;
        RenderedFeed Render() { renders++; return Feed(100, renders); }

        cache.GetOrRender("/feeds?section=a&section=b", ["a", "b"], Render);
        cache.Invalidate(["c"]);
        cache.GetOrRender("/feeds?section=a&section=b", ["b", "a"], Render);
        Assert.Equal(1, renders);
        cache.Invalidate(["b"]);
        cache.GetOrRender("/feeds?section=a&section=b", ["a", "b"], Render);

        Assert.Equal(2, renders);
    }

    [Fact]
    public void A_feed_across_all_sections_is_rendered_again_when_any_section_changes()
    {
        var cache = new FeedCache(metrics, time);
        var renders = 0;
        RenderedFeed Render() { renders++; return Feed(100, renders); }

        var first = cache.GetOrRender("/feeds/all.atom", null, Render);
        Assert.Same(first, cache.GetOrRender("/feeds/all.atom", null, Render));
        cache.Invalidate(["some-section"]);

        Assert.NotSame(first, cache.GetOrRender("/feeds/all.atom", null, Render));
        Assert.Equal(2, renders);
    }

    [Fact]
    public void A_write_only_the_store_knows_of_makes_the_feed_stale()
    {
        var cache = new FeedCache(metrics, time);

        var first = cache.GetOrRender("/feeds/a.atom", ["a"], () => Feed(100, 1), stored: "7");
        var same = cache.GetOrRender("/feeds/a.atom", ["a"], () => Feed(100, 2), stored: "7");
        var afterRefresh = cache.GetOrRender("/feeds/a.atom", ["a"], () => Feed(100, 3), stored: "8");

        Assert.Same(first, same);
        Assert.NotSame(first, afterRefresh);
    }

    [Fact]
    public void Clearing_renders_every_feed_again()
    {
        var cache = new FeedCache(metrics, time);
        var first = cache.GetOrRender("/feeds/a.atom", ["a"], () => Feed(100, 1));
        var all = cache.GetOrRender("/feeds/all.atom", null, () => Feed(100, 2));

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.NotSame(first, cache.GetOrRender("/feeds/a.atom", ["a"], () => Feed(100, 3)));
        Assert.NotSame(all, cache.GetOrRender("/feeds/all.atom", null, () => Feed(100, 4)));
    }

    [Fact]
    public void Sections_that_changed_are_announced()
    {
        var cache = new FeedCache(metrics, time);
        var heard = new List<IReadOnlyCollection<string>>();
        cache.SectionsChanged += heard.Add;

        cache.Invalidate(["a", "b"]);
        cache.Clear();

        Assert.Equal(["a", "b"], Assert.Single(heard));
    }

    [Fact]
    public void No_more_than_a_thousand_distinct_feeds_are_kept()
    {
        var cache = new FeedCache(metrics, time);
        for (var i = 0; i < 1005; i++)
        {
            cache.GetOrRender($"/feeds?q=word{i}", null, () => Feed(10, i));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(1000, cache.Count);
        var renders = cache.Renders;
        cache.GetOrRender("/feeds?q=word1004", null, () => Feed(10));
        Assert.Equal(renders, cache.Renders); // the newest are kept
        cache.GetOrRender("/feeds?q=word0", null, () => Feed(10));
        Assert.Equal(renders + 1, cache.Renders); // the oldest went
    }

    [Fact]
    public void The_least_recently_served_feeds_go_when_the_bytes_kept_pass_the_bound()
    {
        var cache = new FeedCache(metrics, time, maxBytes: 25_000);

        cache.GetOrRender("/feeds/a.atom", null, () => Feed(10_000, 1));
        cache.GetOrRender("/feeds/b.atom", null, () => Feed(10_000, 2));
        time.Advance(TimeSpan.FromSeconds(1));
        cache.GetOrRender("/feeds/a.atom", null, () => Feed(10_000, 1)); // a is now the more recent
        cache.GetOrRender("/feeds/c.atom", null, () => Feed(10_000, 3));

        Assert.Equal(2, cache.Count);
        Assert.Equal(20_000, cache.Bytes);
        var renders = cache.Renders;
        cache.GetOrRender("/feeds/a.atom", null, () => Feed(10_000, 1));
        Assert.Equal(renders, cache.Renders);
    }

    [Fact]
    public void Compressed_bodies_count_towards_the_bound_once_made()
    {
        var cache = new FeedCache(metrics, time, maxBytes: 21_000);
        var a = cache.GetOrRender("/feeds/a.atom", null, () => Feed(10_000, 1));
        time.Advance(TimeSpan.FromSeconds(1));
        var b = cache.GetOrRender("/feeds/b.atom", null, () => Feed(10_000, 2));

        var gzip = b.Representation(ContentCoding.Gzip);

        Assert.Equal(20_000 + gzip.Body.Length, a.Bytes + b.Bytes);
        Assert.Equal(1, cache.Count);
        Assert.Equal(b.Bytes, cache.Bytes);
        Assert.Same(gzip, b.Representation(ContentCoding.Gzip));
    }

    [Fact]
    public async Task Brotli_is_made_in_the_background_without_holding_up_gzip()
    {
        var feed = Feed(400_000);

        Assert.False(feed.IsReady(ContentCoding.Brotli));
        // The background compression is under way (quality 11 on 400 KB takes about a second). A blocking sleep, not an
        // awaited delay: under the full suite the pool once ran the continuation so late that brotli had finished.
        Thread.Sleep(50);
        var gzip = feed.Representation(ContentCoding.Gzip);

        Assert.False(feed.IsReady(ContentCoding.Brotli));
        await Eventually.TrueAsync(() => feed.IsReady(ContentCoding.Brotli));
        Assert.True(feed.Representation(ContentCoding.Brotli).Body.Length < gzip.Body.Length);
    }

    public void Dispose() => metrics.Dispose();
}
