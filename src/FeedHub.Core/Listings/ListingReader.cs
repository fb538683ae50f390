using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Core.Listings;

/// <summary>
/// A page source's page read as a feed: each article link the <see cref="ListingFinder"/> finds is one entry, keyed by
/// the article's canonical address (tracking parameters removed), so the poll that follows treats it as it treats a
/// feed's entries: new ones are fetched, extracted, stored and sectioned, known ones are left alone.
/// </summary>
public static class ListingReader
{
    /// <summary>What <see cref="ParsedFeed.Format"/> and the sources' feed_format say of a page source.</summary>
    public const string Format = "html-listing";

    /// <param name="body">The page as fetched.</param>
    /// <param name="contentType">The HTTP Content-Type, whose charset is read as for article pages.</param>
    /// <param name="pageUrl">Where the page was fetched from (after redirects): links resolve against it.</param>
    public static ParseResult Read(byte[] body, string? contentType, Uri pageUrl, ListingSelectors? selectors) =>
        Read(TextDecoder.DecodeHtml(body, contentType), pageUrl, selectors).Result;

    /// <summary>The page's listing, and the same as a parse result (a feed of its entries, or why it is not a listing).</summary>
    public static (Listing Listing, ParseResult Result) Read(string html, Uri pageUrl, ListingSelectors? selectors)
    {
        if (!LooksLikeHtml(html))
            return (new Listing([], [], "the document is not an HTML page"), new ParseResult.NotAFeed("not a listing: the document is not an HTML page"));
        var listing = ListingFinder.Find(html, pageUrl, selectors);
        if (!listing.IsListing) return (listing, new ParseResult.NotAFeed(listing.Status));
        var entries = listing.Items.Select(item => new FeedEntry
        {
            Guid = item.Url.AbsoluteUri,
            Id = item.Url.AbsoluteUri,
            Link = item.Url,
            Title = item.Title,
            Published = item.Published,
            SummaryText = item.Summary is { } summary ? new FeedText(summary, "text/plain") : null,
            Links = [new FeedLink(item.Url.AbsoluteUri, "alternate", "text/html")],
        }).ToList();
        var title = listing.Title;
        return (listing, new ParseResult.Parsed(new ParsedFeed
        {
            Format = Format,
            Header = new FeedHeader { Link = pageUrl, TitleText = new FeedText(title, "text/plain") },
            Entries = entries,
            Title = title,
        }));
    }

    /// <summary>Whether the document is an HTML page (so a listing, or an article, rather than a feed or something else).</summary>
    public static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart().TrimStart('\uFEFF');
        return start.Length > 0 && start[0] == '<' && !start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<html", StringComparison.OrdinalIgnoreCase);
    }
}
