namespace FeedHub.Core.Model;

/// <summary>A feed FeedHub polls, as the operator configured it.</summary>
public sealed record Source(
    string Id,
    Uri Url,
    string Name,
    IReadOnlyList<string> Sections,
    TimeSpan Interval,
    bool Enabled)
{
    /// <summary>What the URL gives: a feed (the default), or an HTML page whose article links are the entries.</summary>
    public SourceKind Kind { get; init; } = SourceKind.Feed;

    /// <summary>For a page source: CSS selectors that replace the generic listing finder; null to let it find the links.</summary>
    public ListingSelectors? Listing { get; init; }
}

/// <summary>How a source's URL is read.</summary>
public enum SourceKind
{
    /// <summary>RSS, Atom or JSON Feed.</summary>
    Feed,
    /// <summary>An HTML page (a home, section or tag page) listing articles.</summary>
    Page,
}

/// <summary>
/// CSS selectors for a listing page the generic finder reads wrong: <see cref="Items"/> picks each article's block,
/// the others are looked up inside a block (the first link, its text, a time element by default).
/// </summary>
public sealed record ListingSelectors(string Items, string? Link = null, string? Title = null, string? Date = null);
