using FeedHub.Core.Fetching;
using FeedHub.Core.Listings;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Core.Processing;

/// <summary>
/// What discovery found: the feed (null when none), and every URL it tried with what came of it. When no feed is found,
/// also the address's own page read as a listing (<see cref="Listing"/>, at <see cref="PageUrl"/>): either the article
/// links a page source would follow there, or why the page is not a listing either.
/// </summary>
public sealed record Discovery(Uri? FeedUrl, ParsedFeed? Feed, IReadOnlyList<Discovery.Attempt> Tried)
{
    public sealed record Attempt(Uri Url, string Outcome);

    /// <summary>The address as it answered (after redirects): the Url of a page source that follows it. Null when a feed was found.</summary>
    public Uri? PageUrl { get; init; }

    /// <summary>The address's page read by <see cref="ListingFinder"/> when no feed was found; null when one was.</summary>
    public Listing? Listing { get; init; }

    /// <summary>No feed, but the page itself lists articles: it can be added as a page source (Kind "page") at <see cref="PageUrl"/>.</summary>
    public bool FollowsPage => Feed is null && Listing is { IsListing: true, Items.Count: > 0 } && PageUrl is not null;

    /// <summary>Why no feed was found, in one line; null when one was.</summary>
    public string? Failure => Feed is null ? "no feed found: " + string.Join("; ", Tried.Select(t => $"{t.Url} {t.Outcome}")) : null;
}

/// <summary>
/// What a new source would read: its feed (or, with no feed, its page's listing), the latest entries, and the first
/// entry's article as polling would extract it.
/// </summary>
/// <param name="Latest">The feed's newest entries; for a page that can be followed, the listing's first entries in page order.</param>
public sealed record FeedPreview(Discovery Discovery, IReadOnlyList<FeedEntry> Latest, PageReport? FirstArticle);

/// <summary>
/// Finds the feed behind an address an operator pastes: the address itself when it is a feed; else the feeds the page
/// links (rel="alternate", in page order); else the common paths on its origin (/feed, /rss.xml, /atom.xml, /feed.xml,
/// /index.xml). When none is a feed, the address's own page is read as a page source's poll reads it
/// (<see cref="ListingReader"/>, no selectors): a page that lists articles can be followed as a page source instead.
/// Every request goes through the poller's fetcher (network guard, caps, timeouts) and parser, so what it finds is what
/// a poll reads. `feedhub sources discover`, POST /api/discover and the console's "add" all come here.
/// </summary>
public sealed class FeedDiscovery(FeedFetcher fetcher, FeedParser parser, PageExtractor pages)
{
    public static readonly IReadOnlyList<string> CommonPaths = ["/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml"];

    /// <summary>Entries a preview shows.</summary>
    public const int PreviewEntries = 5;

    public async Task<Discovery> DiscoverAsync(Uri address, CancellationToken cancellationToken)
    {
        var tried = new List<Discovery.Attempt>();
        var (feed, html, pageUrl) = await TryAsync(address, tried, cancellationToken);
        if (feed is not null) return new Discovery(pageUrl, feed, tried);
        var candidates = html is null ? [] : HtmlFeedLinks.Find(html, pageUrl).ToList();
        candidates.AddRange(CommonPaths.Select(path => new Uri(address, path)));
        foreach (var candidate in candidates.Distinct().Where(c => tried.All(t => t.Url != c)))
        {
            (feed, _, var feedUrl) = await TryAsync(candidate, tried, cancellationToken);
            if (feed is not null) return new Discovery(feedUrl, feed, tried);
        }
        // No feed: the page itself, read as a page source's poll would read it (no selectors: none are configured yet).
        var listing = html is null
            ? new Listing([], [], $"the address gave no HTML page ({tried[0].Outcome})")
            : ListingReader.Read(html, pageUrl, null).Listing;
        return new Discovery(null, null, tried) { PageUrl = pageUrl, Listing = listing };
    }

    /// <summary>Discovery, then the first entry's page extracted as a poll would (no page fetch when the feed has no link).</summary>
    public async Task<FeedPreview> PreviewAsync(Uri address, CancellationToken cancellationToken)
    {
        var discovery = await DiscoverAsync(address, cancellationToken);
        IReadOnlyList<FeedEntry> latest;
        if (discovery.Feed is { } feed)
            latest = feed.Entries.OrderByDescending(e => e.Published ?? e.Updated ?? DateTimeOffset.MinValue).Take(PreviewEntries).ToList();
        else if (discovery.FollowsPage)
            latest = discovery.Listing!.Items.Take(PreviewEntries) // page order: a listing puts its newest first
                .Select(i => new FeedEntry
                {
                    Id = i.Url.AbsoluteUri, Guid = i.Url.AbsoluteUri, Link = i.Url,
                    Title = i.Title, Published = i.Published
                }).ToList();
        else
            return new FeedPreview(discovery, [], null);
        PageReport? first = null;
        if (latest is [{ Link: { } link }, ..])
            first = PageReport.From(link.AbsoluteUri, await pages.FromUrlAsync(link, cancellationToken));
        return new FeedPreview(discovery, latest, first);
    }

    /// <returns>The feed when the URL gives one; else the page's HTML when it is a page (for its links); and the URL answered.</returns>
    private async Task<(ParsedFeed? Feed, string? Html, Uri Url)> TryAsync(Uri url, List<Discovery.Attempt> tried, CancellationToken cancellationToken)
    {
        var fetch = await fetcher.FetchFeedAsync(url, null, null, cancellationToken);
        if (fetch is not FetchResult.Fetched fetched)
        {
            tried.Add(new Discovery.Attempt(url, fetch is FetchResult.Failed failed ? failed.Message : "answered 304"));
            return (null, null, url);
        }
        switch (parser.Parse(fetched.Body, fetched.ContentType, fetched.Url))
        {
            case ParseResult.Parsed { Feed: var feed }:
                tried.Add(new Discovery.Attempt(url, $"is a feed ({feed.Format}, {feed.Entries.Count} entries)"));
                return (feed, null, fetched.Url);
            case ParseResult.NotAFeed notAFeed:
                tried.Add(new Discovery.Attempt(url, notAFeed.Reason)); // "not a feed: ..." and why
                var isHtml = fetched.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true || notAFeed.IsHtmlPage;
                return (null, isHtml ? fetched.Text : null, fetched.Url);
            default:
                return (null, null, url);
        }
    }
}
