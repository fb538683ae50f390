using FeedHub.Core.Model;

namespace FeedHub.Core.Fetching;

/// <summary>Why a fetch produced no body. Expected outcomes are results, not exceptions.</summary>
public enum FetchFailure
{
    /// <summary>An HTTP error status (4xx, 5xx) other than the ones below.</summary>
    HttpStatus,
    /// <summary>410: the resource was removed for good.</summary>
    Gone,
    /// <summary>This request was answered 429 or 503 with Retry-After.</summary>
    RateLimited,
    /// <summary>
    /// Not sent: the origin is still inside a Retry-After it gave an earlier request (for this URL or another
    /// on the same origin). The server said nothing about this URL, so a poller defers it to
    /// <see cref="FetchResult.Failed.RetryAt"/> instead of counting a failure (issue 17 item 14).
    /// </summary>
    Deferred,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    /// <summary>The host resolves to an address FeedHub does not connect to (see <see cref="NetworkGuard"/>).</summary>
    BlockedAddress,
    NetworkError,
    /// <summary>
    /// The answer started but could not be read to its end: it broke off before its Content-Length, the connection
    /// was reset, the chunked framing was wrong, or the compressed body did not decompress.
    /// </summary>
    BrokenResponse,
    /// <summary>Not sent: the site's robots.txt disallows the page, or could not be read (see <see cref="RobotsPolicy"/>).</summary>
    RefusedByRobotsTxt,
}

/// <summary>The outcome of one HTTP GET (redirects followed).</summary>
public abstract record FetchResult(Uri Url)
{
    /// <summary>
    /// Where the resource now lives, when every redirect on the way was permanent (301/308);
    /// null when there was no redirect or any of them was temporary.
    /// </summary>
    public Uri? MovedPermanentlyTo { get; init; }

    /// <summary>The HTTP status of the last answer (after redirects); null when none came (timeout, network error, not sent).</summary>
    public int? HttpStatus { get; init; }

    /// <summary>A 200 with its body (decompressed, within the cap) and the cache validators to send next time.</summary>
    public sealed record Fetched(Uri Url, byte[] Body, string? ContentType, string? ETag, string? LastModified) : FetchResult(Url)
    {
        /// <summary>How long the server says the response stays fresh (Cache-Control max-age, Expires).</summary>
        public TimeSpan? FreshFor { get; init; }

        public string Text => TextDecoder.DecodeHtml(Body, ContentType);
    }

    /// <summary>
    /// An article page's 200, its body in a pooled buffer (<see cref="FeedFetcher.FetchPooledPageAsync"/>): whoever gets it
    /// disposes <see cref="Body"/> once done with the bytes.
    /// </summary>
    public sealed record PooledPage(Uri Url, PooledBuffer<byte> Body, string? ContentType) : FetchResult(Url);

    /// <summary>A 304: unchanged since the validators we sent.</summary>
    public sealed record NotModified(Uri Url) : FetchResult(Url)
    {
        public TimeSpan? FreshFor { get; init; }
    }

    public sealed record Failed(Uri Url, FetchFailure Kind, string Message) : FetchResult(Url)
    {
        /// <summary>For <see cref="FetchFailure.RateLimited"/> and <see cref="FetchFailure.Deferred"/>: when the origin may be asked again.</summary>
        public DateTimeOffset? RetryAt { get; init; }

        /// <summary>The HTTP status, when the failure is one.</summary>
        public int? StatusCode { get; init; }
    }
}
