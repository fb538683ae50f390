namespace FeedHub.Core.Listings;

/// <summary>One article a listing page links, with what the listing shows of it.</summary>
/// <param name="Url">The article's canonical address (tracking parameters and fragment removed).</param>
public sealed record ListingItem(Uri Url, string Title, DateTimeOffset? Published, string? Summary, Uri? Image);

/// <summary>A link the finder did not take, and why (for `feedhub parse --explain`).</summary>
public sealed record LeftOutLink(string Href, string Text, string Reason);

/// <summary>
/// What <see cref="ListingFinder"/> read from a page: the article links in page order, the links it left out, and a
/// status. A page that is not a listing has no items, and <see cref="NotAListing"/> says why.
/// </summary>
public sealed record Listing(IReadOnlyList<ListingItem> Items, IReadOnlyList<LeftOutLink> LeftOut, string? NotAListing)
{
    /// <summary>The page's own title.</summary>
    public string Title { get; init; } = "";

    public bool IsListing => NotAListing is null;

    /// <summary>One line for people: how many article links were found, or why none are taken.</summary>
    public string Status => NotAListing is { } why ? "not a listing: " + why : $"a listing of {Items.Count} article links";
}
