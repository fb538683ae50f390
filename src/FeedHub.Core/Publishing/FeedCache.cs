using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace FeedHub.Core.Publishing;

/// <summary>
/// Rendered feeds, kept until what they show changes: each section has a version that a poll
/// storing new articles in it moves on, and a feed is rendered again only when a version it
/// depends on has moved. Feeds of every section (all, or by source) depend on a global version.
/// </summary>
public sealed class FeedCache
{
    /// <summary>Distinct query URLs kept at most; a reader can't grow the cache without bound with made-up queries.</summary>
    private const int MaxEntries = 1000;

    private readonly ConcurrentDictionary<string, long> versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Version, RenderedFeed Feed)> entries = new(StringComparer.Ordinal);
    private long global;

    /// <summary>Raised after new articles were stored in these sections (WebSub pings hang on it).</summary>
    public event Action<IReadOnlyCollection<string>>? SectionsChanged;

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
    public RenderedFeed GetOrRender(string key, IReadOnlyCollection<string>? sections, Func<RenderedFeed> render)
    {
        var version = sections is null
            ? "*" + Interlocked.Read(ref global)
            : string.Join(',', sections.Order(StringComparer.Ordinal).Select(s => s + ":" + versions.GetValueOrDefault(s)));
        if (entries.TryGetValue(key, out var cached) && cached.Version == version) return cached.Feed;
        var feed = render();
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[key] = (version, feed);
        return feed;
    }
}

/// <summary>A feed's bytes with what HTTP caching needs: a strong ETag of the bytes, and when it last changed.</summary>
public sealed record RenderedFeed(byte[] Body, string ContentType, DateTimeOffset LastModified)
{
    public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(Body))[..24] + "\"";
}
