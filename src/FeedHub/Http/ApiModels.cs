using FeedHub.Core.Model;
using FeedHub.Core.Processing;

namespace FeedHub.Http;

// The JSON API's answers as named types (snake_case by ApiJson), so that /openapi.json gives their schemas.

/// <summary>GET /api/sources: one configured source with its state.</summary>
internal sealed record SourceView(string Id, string Name, string Url, string UrlPolled, bool Enabled, IReadOnlyList<string> Sections, string Interval,
    string Status, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFetchAt, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? NextCheckAt,
    int ConsecutiveFailures, long ArticleCount, string? DisabledReason, string? FeedFormat, string? FeedWarning)
{
    public static SourceView Of(SourceOverview s) => new(s.Id, s.Name, s.Url, s.UrlPolled, s.Enabled, s.Sections, s.Interval.ToString("c"), s.StatusText,
        s.LastSuccessAt, s.LastFetchAt, s.LastError, s.LastErrorAt, s.NextCheckAt, s.ConsecutiveFailures,
            s.ArticleCount, s.DisabledReason, s.FeedFormat, s.FeedWarning);
}

/// <summary>A section's feeds, by format.</summary>
internal sealed record FeedLinks(string Atom, string Rss, string Json);

/// <summary>GET /api/sections: one section with its article count and feeds.</summary>
internal sealed record SectionView(string Slug, string Name, string? Description, long ArticleCount, FeedLinks Feeds);

/// <summary>A source carrying the story, with its own link and title, and why it joined (null for the source that brought it first).</summary>
internal sealed record OutletView(string Source, string? Url, string? Title, string? MergedBy, double? Similarity)
{
    public static IReadOnlyList<OutletView> Of(Article a) =>
        a.Outlets.Select(o => new OutletView(o.SourceId, o.Url?.AbsoluteUri, o.Title, o.Rule, o.Similarity)).ToList();
}

/// <summary>An article in a list: GET /api/articles and /api/search.</summary>
internal sealed record ArticleSummary(string Id, string SourceId, IReadOnlyList<string> Sources,
    IReadOnlyList<OutletView> Outlets, string Title, string? Url, string? Author,
    DateTimeOffset? Published, int? WordCount, IReadOnlyList<string> Sections, string ExtractionStatus)
{
    public static ArticleSummary Of(Article a) => new(a.Id, a.SourceId, a.SourceIds, OutletView.Of(a), a.Title, a.Url?.AbsoluteUri,
        a.Author, a.Published, a.WordCount, a.Sections.Select(s => s.Slug).ToList(), a.Extraction.ToString());
}

/// <summary>GET /api/articles: a page of articles, newest first; next_cursor continues (null on the last page).</summary>
internal sealed record ArticlesPage(IReadOnlyList<ArticleSummary> Items, string? NextCursor);

/// <summary>A section an article is in, and why (the rule that put it there).</summary>
internal sealed record SectionMembership(string Slug, string Why);

/// <summary>A section name found for an article, and where it was found.</summary>
internal sealed record SectionCandidateView(string Value, string Origin);

/// <summary>GET /api/articles/{id}: one article with its content, headings, sections and section candidates.</summary>
internal sealed record ArticleDetail(string Id, string SourceId, IReadOnlyList<string> Sources,
    IReadOnlyList<OutletView> Outlets, string Guid, string? Url, string? CanonicalUrl,
    string Title, string? Author, DateTimeOffset? Published, DateTimeOffset? Updated, DateTimeOffset FetchedAt, string? Language, int? WordCount,
    int? ReadingMinutes, string? LeadImage, string ExtractionStatus, string? Summary, string? ContentHtml, string? ContentText,
    IReadOnlyList<Heading> Headings, IReadOnlyList<SectionMembership> Sections, IReadOnlyList<SectionCandidateView> SectionCandidates)
{
    public static ArticleDetail Of(Article a) =>
        new(a.Id, a.SourceId, a.SourceIds, OutletView.Of(a), a.Guid, a.Url?.AbsoluteUri, a.CanonicalUrl?.AbsoluteUri, a.Title,
            a.Author, a.Published, a.Updated, a.FetchedAt, a.Language, a.WordCount, a.ReadingMinutes, a.LeadImage?.AbsoluteUri, a.Extraction.ToString(),
            a.Summary, a.ContentHtml, a.ContentText, a.Headings, a.Sections.Select(s => new SectionMembership(s.Slug, s.Origin)).ToList(),
            a.SectionCandidates.Select(c => new SectionCandidateView(c.Value, c.Origin)).ToList());
}

/// <summary>GET /api/search: a hit, best first, with a snippet around the words.</summary>
internal sealed record SearchHitView(ArticleSummary Article, string Snippet, double Rank);

/// <summary>POST /api/sources/{id}/refresh: what the poll did, and when the source is due again.</summary>
internal sealed record RefreshView(string SourceId, string Status, int NewArticles, int LinkedArticles, string? Error, DateTimeOffset? NextCheckAt);

/// <summary>POST /api/articles/{id}/reextract: what extracting the article's page again did.</summary>
internal sealed record ReextractView(string ArticleId, string? Title, string Status, string? Reason);

/// <summary>POST /api/sources: the source added.</summary>
internal sealed record CreatedSource(string Id, string Url);

/// <summary>GET /api/sources/{id}/polls: one poll of the source, newest first (table source_polls).</summary>
internal sealed record PollView(DateTimeOffset PolledAt, string Outcome, int? HttpStatus, long? Bytes, long DurationMs, int NewArticles, string? Error)
{
    public static PollView Of(Core.Storage.PollRecord p) =>
        new(p.PolledAt, p.OutcomeText, p.HttpStatus, p.Bytes, (long)p.Duration.TotalMilliseconds, p.NewArticles, p.Error);
}

/// <summary>An address discovery tried, and what it found there.</summary>
internal sealed record TriedUrlView(string Url, string Outcome);

/// <summary>
/// POST /api/discover: the feed found (null fields when none was), and every address tried in order. With no feed,
/// <c>listing</c> says what the address's own page is as a page source would read it, and <c>kind</c> is "page" when it
/// lists articles (add it with "kind": "page" and <c>listing.page_url</c>); <c>kind</c> is "feed" when a feed was found,
/// and absent when there is nothing to follow.
/// </summary>
internal sealed record DiscoveryView(string? FeedUrl, string? Format, string? Title, int? Entries, IReadOnlyList<TriedUrlView> Tried, string? Kind,
    DiscoveredListingView? Listing)
{
    public static DiscoveryView Of(Discovery found) => new(found.FeedUrl?.AbsoluteUri, found.Feed?.Format, found.Feed?.Title, found.Feed?.Entries.Count,
        found.Tried.Select(t => new TriedUrlView(t.Url.AbsoluteUri, t.Outcome)).ToList(),
        found.Feed is not null ? "feed" : found.FollowsPage ? "page" : null,
        found.Listing is { } listing && found.PageUrl is { } page ? DiscoveredListingView.Of(page, listing) : null);
}

/// <summary>POST /api/discover with no feed found: the address's page read as a listing, with the entries a page source would take.</summary>
internal sealed record DiscoveredListingView(string PageUrl, bool IsListing, string Status, string? Title,
    IReadOnlyList<Core.Listings.ListingReport.Entry> Entries)
{
    public static DiscoveredListingView Of(Uri page, Core.Listings.Listing listing)
    {
        var report = Core.Listings.ListingReport.Of(listing, explain: false);
        return new(page.AbsoluteUri, report.IsListing, report.Status, report.Title.Length == 0 ? null : report.Title, report.Entries);
    }
}
