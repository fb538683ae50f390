namespace FeedHub.Core.Fetching;

/// <summary>Why a fetch produced no body. Expected outcomes are results, not exceptions.</summary>
public enum FetchFailure
{
    HttpStatus,
    TimedOut,
    TooLarge,
    NetworkError,
}

/// <summary>The outcome of one HTTP GET.</summary>
public abstract record FetchResult(Uri Url)
{
    /// <summary>A 200 with its body (already decompressed) and the cache validators to send next time.</summary>
    public sealed record Fetched(Uri Url, byte[] Body, string? ContentType, string? ETag, string? LastModified) : FetchResult(Url);

    /// <summary>A 304: unchanged since the validators we sent.</summary>
    public sealed record NotModified(Uri Url) : FetchResult(Url);

    public sealed record Failed(Uri Url, FetchFailure Kind, string Message, int? StatusCode = null) : FetchResult(Url);
}
