using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Publishing;

/// <summary>
/// A feed a reader asked for, its parameters checked: which articles (sections, a source, words), which page of them,
/// in which format, and the address it was asked at (the path and query as sent: the cache key and the self link).
/// </summary>
public sealed record FeedRequest(string Address, FeedFormat Format)
{
    /// <summary>Articles in any of these sections; none means every section.</summary>
    public IReadOnlyList<SectionOptions> Sections { get; init; } = [];

    /// <summary>Only the articles this source lists.</summary>
    public SourceOptions? Source { get; init; }

    /// <summary>Only articles with these words (a search); such a feed depends on every change.</summary>
    public string? Text { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>The page of older articles a next link points at.</summary>
    public PageCursor? Before { get; init; }

    public int Limit { get; init; } = FeedPublisher.DefaultLimit;

    /// <summary>
    /// The sections whose changes the feed follows, or null when any change may alter it: a feed by source, by words or
    /// across all sections.
    /// </summary>
    public IReadOnlyList<string>? DependsOn =>
        Sections.Count > 0 && Source is null && Text is null ? Sections.Select(s => s.Slug).ToList() : null;

    /// <summary>The feed's identity (its atom:id): what it selects, not how it is paged or formatted.</summary>
    public string Identity =>
        (Sections.Count == 0 && Source is null
            ? FeedUrls.AllSlug
            : string.Join('+', Sections.Select(s => s.Slug).Order(StringComparer.Ordinal)) + (Source is null ? "" : "@" + Source.Id))
        + (Text is null ? "" : "?q=" + Text);

    public string Title
    {
        get
        {
            var sections = Sections.Count == 0 ? "All sections" : string.Join(" + ", Sections.Select(s => s.Name));
            var title = Source is null ? sections : $"{sections}: {Source.Name ?? Source.Id}";
            return Text is null ? title : $"{title}: \u201C{Text}\u201D";
        }
    }

    public string? Subtitle => Sections.Count == 1 ? Sections[0].Description : null;
}
