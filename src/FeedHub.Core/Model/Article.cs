namespace FeedHub.Core.Model;

/// <summary>A heading inside an article body, h2-h6 (or an in-body h1 that is not the title).</summary>
public sealed record Heading(int Level, string Text);

/// <summary>A section an article belongs to, and what put it there (for example "source").</summary>
public sealed record ArticleSection(string Slug, string Origin);

/// <summary>A section name found for an article, and where: "json-ld", "meta", "breadcrumb", "category-link", "url-path", "feed", "site-rule".</summary>
public sealed record SectionCandidate(string Value, string Origin)
{
    /// <summary>The origin of a feed item's own category (stored in article_section_candidates.origin).</summary>
    public const string FeedOrigin = "feed";

    /// <summary>A feed item's own category as a candidate.</summary>
    public static SectionCandidate FromFeed(string category) => new(category, FeedOrigin);

    /// <summary>Whether the feed gave this candidate (an edited entry replaces these; a re-extraction keeps them).</summary>
    public bool IsFromFeed => Origin == FeedOrigin;

    /// <summary>"World Defense", "world-defense" and "world_defense" are one section.</summary>
    public string Key => string.Join(' ', Value.ToLowerInvariant().Split([' ', '-', '_', '/'], StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>
/// What a source's feed last said of an item, to tell an edit from a repeat: a hash of its title, summary and
/// content with runs of whitespace made one space (so re-indenting is no edit), and its own updated date.
/// </summary>
public sealed record EntryVersion(string Hash, DateTimeOffset? Updated)
{
    public static EntryVersion Of(FeedEntry entry)
    {
        var said = string.Join('\n', Collapse(entry.Title), Collapse(entry.Summary), Collapse(entry.ContentHtml));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(said));
        return new EntryVersion(Convert.ToHexStringLower(hash, 0, 16), entry.Updated);
    }

    /// <summary>
    /// Whether the item says something new since <paramref name="before"/>: another title, summary or content, or a later
    /// updated date. An earlier or vanished date is not news (feeds that regenerate dates do both).
    /// </summary>
    public bool IsEditOf(EntryVersion before) => Hash != before.Hash || Updated > before.Updated || (Updated is not null && before.Updated is null);

    private static string Collapse(string? text) =>
        text is null ? "" : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>
/// A source that carries a story, with the link and title it gave it, and why it was joined to the story: null for the
/// source that brought it first, "canonical-url" for the same page by another link, or the text rule of a syndicated
/// copy (<see cref="StoryText.MatchCopyOf"/>) with its <paramref name="Similarity"/>.
/// </summary>
public sealed record StoryOutlet(string SourceId, Uri? Url, string? Title, string? Rule = null, double? Similarity = null);

/// <summary>An article as FeedHub stores and publishes it.</summary>
public sealed record Article
{
    /// <summary>Stable id: the same source and guid always give the same id (see <see cref="StableId"/>).</summary>
    public required string Id { get; init; }
    /// <summary>The source that brought the article first; <see cref="SourceIds"/> has every source that lists it.</summary>
    public required string SourceId { get; init; }
    /// <summary>Every source whose feed lists this story (the same canonical URL arriving by several feeds is stored once).</summary>
    public IReadOnlyList<string> SourceIds { get => sourceIds ?? [SourceId]; init => sourceIds = value; }
    private readonly IReadOnlyList<string>? sourceIds;
    public required string Guid { get; init; }
    public Uri? Url { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? Author { get; init; }
    public string? Summary { get; init; }
    public string? ContentHtml { get; init; }
    public string? ContentText { get; init; }
    /// <summary>
    /// <see cref="ExtractionOutcome.Extracted"/> when the page was fetched and extracted, otherwise
    /// <see cref="ExtractionKind.Feed"/> with why (stored as extraction_status, "extracted" or "feed: why").
    /// </summary>
    public required ExtractionOutcome Extraction { get; init; }
    public required DateTimeOffset FetchedAt { get; init; }
    public IReadOnlyList<Heading> Headings { get; init; } = [];
    public IReadOnlyList<ArticleSection> Sections { get; init; } = [];
    public IReadOnlyList<SectionCandidate> SectionCandidates { get; init; } = [];
    public Uri? CanonicalUrl { get; init; }
    public Uri? LeadImage { get; init; }
    /// <summary>Media the feed attached to the entry (podcast audio, video), http(s) only; published with the article.</summary>
    public IReadOnlyList<FeedEnclosure> Enclosures { get; init; } = [];
    /// <summary>The page of the entry's comments, from the feed.</summary>
    public Uri? CommentsUrl { get; init; }
    public string? Language { get; init; }
    public int? WordCount { get; init; }
    public int? ReadingMinutes { get; init; }
    /// <summary>What the source's feed said of the item when this was built from it (stored with the source's membership).</summary>
    public EntryVersion? EntryVersion { get; init; }
    /// <summary>
    /// Every source that carries the story (the first one first), with its own link and title and why it joined; empty
    /// for an article not read from the store.
    /// </summary>
    public IReadOnlyList<StoryOutlet> Outlets { get; init; } = [];
    /// <summary>
    /// When storing a new article: how far back to look for another outlet's copy of its text (syndication), or null
    /// when its source or one of its sections has merging off. Not stored.
    /// </summary>
    public TimeSpan? CopyWindow { get; init; }
}
