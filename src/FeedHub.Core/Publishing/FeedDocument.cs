using FeedHub.Core.Model;

namespace FeedHub.Core.Publishing;

/// <summary>What a published feed holds: its identity, its links and its newest articles.</summary>
public sealed record FeedDocument(
    string Id,
    string Title,
    string? Subtitle,
    Uri SelfUrl,
    Uri? AlternateUrl,
    IReadOnlyList<Article> Articles)
{
    /// <summary>RFC 5005 paged archives: the next (older) page, when there is one.</summary>
    public Uri? NextUrl { get; init; }

    /// <summary>The WebSub hub that readers may subscribe through, when one is configured.</summary>
    public Uri? HubUrl { get; init; }

    /// <summary>An XSL stylesheet that makes the XML feeds readable when a browser opens them.</summary>
    public string? StylesheetPath { get; init; }

    /// <summary>
    /// When what the feed shows last changed, as the store recorded it: an article added, revised, removed or moved
    /// between sections, whatever its own dates (an old story stored today changes the feed today).
    /// </summary>
    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>
    /// The feed's updated date (Atom updated, RSS lastBuildDate, HTTP Last-Modified): <see cref="ChangedAt"/>, else the
    /// newest article's, or <paramref name="now"/> when it has none.
    /// </summary>
    public DateTimeOffset Updated(DateTimeOffset now) => ChangedAt ?? (Articles.Count > 0 ? Articles.Max(LastChange) : now);

    public static DateTimeOffset LastChange(Article article) => article.Updated ?? article.Published ?? article.FetchedAt;
}
