namespace FeedHub.Core.Listings;

/// <summary>
/// What `feedhub parse --format json` and POST /api/listing answer for a page: whether it is a listing and why not,
/// the entries a page source would take, and (when asked) each link left out with its reason.
/// </summary>
public sealed record ListingReport(string Status, bool IsListing, string Title, IReadOnlyList<ListingReport.Entry> Entries,
    IReadOnlyList<LeftOutLink>? LeftOut, string? AsFeed)
{
    public sealed record Entry(string Id, string Url, string Title, DateTimeOffset? Published, string? Summary, string? Image);

    /// <param name="asFeed">What the feed parser made of the same document ("is an HTML page; it links a feed at ..."), when it is worth saying.</param>
    public static ListingReport Of(Listing listing, bool explain, string? asFeed = null) => new(
        listing.Status, listing.IsListing, listing.Title,
        listing.Items.Select(i => new Entry(i.Url.AbsoluteUri, i.Url.AbsoluteUri, i.Title, i.Published, i.Summary, i.Image?.AbsoluteUri)).ToList(),
        explain ? listing.LeftOut : null, asFeed);
}
