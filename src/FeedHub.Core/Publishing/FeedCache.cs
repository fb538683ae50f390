using System.Collections.Concurrent;
using FeedHub.Core.Metrics;

namespace FeedHub.Core.Publishing;

/// <summary>
/// Rendered feeds, kept until what they show changes: each section has a version that a poll
/// storing new articles in it moves on, and a feed is rendered again only when a version it
/// depends on has moved. Feeds of every section (all, or by source) depend on a global version.
/// Requests that find a feed stale at the same moment share one rendering, and the bytes kept
/// (every representation of every feed) are bounded: the least recently served feeds go first.
/// </summary>
public sealed class FeedCache
{
    /// <summary>Distinct query URLs kept at most; a reader can't grow the cache without bound with made-up queries.</summary>
    private const int MaxEntries = 1000;

    /// <summary>About 120 section feeds of 50 full-text items, each with its gzip and brotli bodies.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, long> versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Lock trimming = new();
    private readonly PipelineMetrics metrics;
    private readonly TimeProvider time;
    private readonly long maxBytes;
    private long global;
    private long renders;

    public FeedCache(PipelineMetrics metrics, TimeProvider time, long maxBytes = DefaultMaxBytes)
    {
        this.metrics = metrics;
        this.time = time;
        this.maxBytes = maxBytes;
    }

    /// <summary>Raised after new articles were stored in these sections (WebSub pings hang on it).</summary>
    public event Action<IReadOnlyCollection<string>>? SectionsChanged;

    /// <summary>Feeds rendered since the start (a render per stale feed, however many requests asked at once).</summary>
    public long Renders => Interlocked.Read(ref renders);

    /// <summary>Feeds kept.</summary>
    public long Count => entries.Count;

    /// <summary>Bytes kept: every representation made of every feed kept.</summary>
    public long Bytes => entries.Values.Sum(e => e.Bytes);

    /// <summary>New articles were stored in these sections.</summary>
    public void Invalidate(IEnumerable<string> sections)
    {
        var changed = sections.ToList();
        foreach (var section in changed) versions.AddOrUpdate(section, 1, (_, v) => v + 1);
        Interlocked.Increment(ref global);
        SectionsChanged?.Invoke(changed);
    }

    /// <summary>The configuration changed: section names, titles or membership may differ.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref global);
        versions.Clear();
        entries.Clear();
    }

    /// <param name="key">The request's identity (path and normalised query).</param>
    /// <param name="sections">The sections the feed shows, or null for a feed across all of them.</param>
    /// <param name="stored">
    /// The store's version of what the feed shows (<c>SectionChanges</c>): it moves with writes this process did not
    /// announce, such as `feedhub refresh` run beside the server.
    /// </param>
    public RenderedFeed GetOrRender(string key, IReadOnlyCollection<string>? sections, Func<RenderedFeed> render, string? stored = null)
    {
        var version = stored is null ? Version(sections) : Version(sections) + "|" + stored;
        Entry? fresh = null;
        if (!entries.TryGetValue(key, out var entry) || entry.Version != version)
        {
            // Requests racing here all get the entry that was stored first, and so wait for the one rendering it.
            fresh = new Entry(version, new Lazy<RenderedFeed>(() => Render(render)));
            entry = entries.AddOrUpdate(key, fresh, (_, stored) => stored.Version == version ? stored : fresh);
        }
        entry.Touch(time.GetTimestamp());
        try
        {
            var feed = entry.Feed.Value;
            if (ReferenceEquals(entry, fresh)) Trim(); // counted now that it is made
            return feed;
        }
        catch
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)); // the next request tries again
            throw;
        }
    }

    private string Version(IReadOnlyCollection<string>? sections)
    {
        if (sections is null) return "*" + Interlocked.Read(ref global);
        if (sections.Count == 1) return Pair(sections.First());
        return string.Join(',', sections.Order(StringComparer.Ordinal).Select(Pair));
    }

    private string Pair(string section) => section + ":" + versions.GetValueOrDefault(section);

    private RenderedFeed Render(Func<RenderedFeed> render)
    {
        var feed = render();
        Interlocked.Increment(ref renders);
        metrics.CountFeedRender();
        feed.Grew = Trim;
        return feed;
    }

    /// <summary>Drops the least recently served feeds until the cache is within its bounds.</summary>
    private void Trim()
    {
        lock (trimming)
        {
            var bytes = Bytes;
            var count = entries.Count;
            if (bytes <= maxBytes && count <= MaxEntries) return;
            foreach (var (key, entry) in entries.OrderBy(e => e.Value.LastUsed).ToList())
            {
                if (bytes <= maxBytes && count <= MaxEntries) return;
                if (!entries.TryRemove(new KeyValuePair<string, Entry>(key, entry))) continue;
                bytes -= entry.Bytes;
                count--;
            }
        }
    }

    private sealed class Entry(string version, Lazy<RenderedFeed> feed)
    {
        private long lastUsed;

        public string Version { get; } = version;

        public Lazy<RenderedFeed> Feed { get; } = feed;

        public long LastUsed => Volatile.Read(ref lastUsed);

        /// <summary>Bytes of a feed not yet rendered count as none.</summary>
        public long Bytes => Feed.IsValueCreated ? Feed.Value.Bytes : 0;

        public void Touch(long now) => Volatile.Write(ref lastUsed, now);
    }
}
