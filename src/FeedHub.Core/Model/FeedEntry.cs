namespace FeedHub.Core.Model;

/// <summary>One item of a parsed feed, in FeedHub's format-neutral shape.</summary>
public sealed record FeedEntry(
    string Guid,
    Uri? Link,
    string Title,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    string? Author,
    string? Summary,
    string? ContentHtml,
    IReadOnlyList<string> Categories);

/// <summary>A parsed feed document. <paramref name="Ttl"/> is RSS's own hint of how long to wait before polling again.</summary>
public sealed record ParsedFeed(string Title, Uri? Link, IReadOnlyList<FeedEntry> Entries, TimeSpan? Ttl = null);
