namespace FeedHub.Core.Publishing;

/// <summary>What each <see cref="FeedFormat"/> is called in a URL and served as.</summary>
public static class FeedFormats
{
    public static string Extension(FeedFormat format) => format switch
    {
        FeedFormat.Atom => "atom",
        FeedFormat.Rss => "rss",
        _ => "json",
    };

    public static string MediaType(FeedFormat format) => format switch
    {
        FeedFormat.Atom => "application/atom+xml; charset=utf-8",
        FeedFormat.Rss => "application/rss+xml; charset=utf-8",
        _ => "application/feed+json; charset=utf-8",
    };

    public static FeedFormat? Parse(string? extension) => extension?.ToLowerInvariant() switch
    {
        "atom" => FeedFormat.Atom,
        "rss" or "xml" => FeedFormat.Rss,
        "json" => FeedFormat.Json,
        _ => null,
    };
}
