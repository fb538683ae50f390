using System.Net;
using System.Net.Http.Headers;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;

namespace FeedHub.Core.Fetching;

/// <summary>
/// Fetches feeds and article pages over HTTP, bounded and polite: conditional GET, connect and
/// total timeouts, a body cap that holds after decompression (so a gzip bomb stops at the cap),
/// at most 5 redirects followed one by one (so permanent moves are seen), global and per-host
/// concurrency limits, Retry-After honoured per host, and the <see cref="NetworkGuard"/> on every
/// connection. Every outcome is a <see cref="FetchResult"/>, a body that breaks off or does not decompress
/// included; only cancellation throws.
/// </summary>
public sealed class FeedFetcher : IDisposable
{
    public const int MaxRedirects = 5;
    private const string FeedAccept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";
    private const string PageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8";

    private readonly HttpClient client;
    private readonly PollingOptions options;
    private readonly IHostGate throttle;
    private readonly TimeProvider time;

    /// <param name="http">Its SamplesPath, when set, answers the offline samples' origin (<see cref="SampleFiles"/>) in process.</param>
    /// <param name="gate">Politeness shared beyond this process (a cluster's <see cref="ClusterHostGate"/>); none: a <see cref="HostThrottle"/> of its own.</param>
    public FeedFetcher(PollingOptions options, NetworkGuard guard, TimeProvider time, HttpOptions? http = null, IHostGate? gate = null)
    {
        this.options = options;
        this.time = time;
        throttle = gate ?? new HostThrottle(options.MaxConcurrentRequests, options.MaxRequestsPerHost, time);
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false, // followed by hand: each hop is counted and checked for permanence
            ConnectTimeout = options.ConnectTimeout,
            ConnectCallback = guard.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // so DNS changes are seen
        };
        HttpMessageHandler chain = string.IsNullOrWhiteSpace(http?.SamplesPath) ? handler : new SampleFiles(http.SamplesPath, handler);
        client = new HttpClient(chain) { Timeout = Timeout.InfiniteTimeSpan }; // our own timeout covers the body too
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.EffectiveUserAgent);
    }

    /// <summary>GET a feed, sending the validators from the last response so an unchanged feed costs a 304.</summary>
    public Task<FetchResult> FetchFeedAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken) =>
        FetchAsync(url, FeedAccept, etag, lastModified, pooled: false, cancellationToken);

    /// <summary>GET an article page.</summary>
    public Task<FetchResult> FetchPageAsync(Uri url, CancellationToken cancellationToken) =>
        FetchAsync(url, PageAccept, null, null, pooled: false, cancellationToken);

    /// <summary>GET an article page into a pooled buffer: a <see cref="FetchResult.PooledPage"/> when it is fetched, whose body the caller disposes.</summary>
    public Task<FetchResult> FetchPooledPageAsync(Uri url, CancellationToken cancellationToken) =>
        FetchAsync(url, PageAccept, null, null, pooled: true, cancellationToken);

    private async Task<FetchResult> FetchAsync(Uri url, string accept, string? etag, string? lastModified, bool pooled, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var current = url;
        var allPermanent = true;
        try
        {
            for (var hop = 0; ; hop++)
            {
                // Politeness is per origin server: host and port (RFC 6454), so two services on one machine don't share a Retry-After.
                // Nothing is sent, so this URL did not fail: Deferred, unlike the RateLimited answer that set the wait.
                if (await throttle.FindRetryAfterAsync(current.Authority, timeout.Token) is { } until)
                    return new FetchResult.Failed(current, FetchFailure.Deferred, $"{current.Authority} asked to be left alone until {ApiJson.Date(until)}") { RetryAt = until };
                await using var slot = await throttle.EnterAsync(current.Authority, timeout.Token);
                using var request = BuildRequest(current, accept, etag, lastModified);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects)
                        return new FetchResult.Failed(current, FetchFailure.TooManyRedirects, $"more than {MaxRedirects} redirects (last to {location})");
                    allPermanent &= response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;
                    current = new Uri(current, location);
                    if (current.Scheme is not ("http" or "https"))
                        return new FetchResult.Failed(current, FetchFailure.HttpStatus, $"redirected to a non-HTTP URL: {current}");
                    continue;
                }
                var moved = hop > 0 && allPermanent ? current : null;
                return await ReadResponseAsync(current, response, pooled, timeout.Token) with
                {
                    MovedPermanentlyTo = moved,
                    HttpStatus = (int)response.StatusCode,
                };
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FetchResult.Failed(current, FetchFailure.TimedOut, $"no complete answer within {options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e) when (FindInner<BlockedAddressException>(e) is { } blocked)
        {
            return new FetchResult.Failed(current, FetchFailure.BlockedAddress, blocked.Message);
        }
        catch (HttpRequestException e)
        {
            return new FetchResult.Failed(current, FetchFailure.NetworkError, Describe(e));
        }
    }

    private async Task<FetchResult> ReadResponseAsync(Uri url, HttpResponseMessage response, bool pooled, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        if (status == HttpStatusCode.NotModified)
            return new FetchResult.NotModified(url) { FreshFor = FreshFor(response) };
        if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && RetryAfter(response) is { } delay)
        {
            var until = await throttle.RecordRetryAfterAsync(url.Authority, delay, cancellationToken);
            return new FetchResult.Failed(url, FetchFailure.RateLimited, $"HTTP {(int)status}: {url.Authority} asked to be left alone until {ApiJson.Date(until)}")
            {
                RetryAt = until, StatusCode = (int)status,
            };
        }
        if (!response.IsSuccessStatusCode)
            return new FetchResult.Failed(url, status == HttpStatusCode.Gone ? FetchFailure.Gone : FetchFailure.HttpStatus,
                $"HTTP {(int)status} {response.ReasonPhrase}".TrimEnd())
            { StatusCode = (int)status };
        if (pooled) return await ReadPooledPageAsync(url, response, cancellationToken);
        byte[]? body;
        try
        {
            body = await ReadCappedAsync(response.Content, cancellationToken);
        }
        catch (Exception e) when (IsBrokenBody(e))
        {
            return new FetchResult.Failed(url, FetchFailure.BrokenResponse, DescribeBrokenBody(e));
        }
        if (body is null) return TooLarge(url);
        return new FetchResult.Fetched(url, body, response.Content.Headers.ContentType?.ToString(),
            response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"))
        {
            FreshFor = FreshFor(response),
        };
    }

    private async Task<FetchResult> ReadPooledPageAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        PooledBuffer<byte>? body = null;
        try
        {
            if (!(content.Headers.ContentLength > options.MaxBodyBytes))
            {
                await using var stream = await content.ReadAsStreamAsync(cancellationToken);
                var known = content.Headers.ContentLength is { } length and > 0 && content.Headers.ContentEncoding.Count == 0 ? (int)length : (int?)null;
                body = await PooledBody.ReadAsync(stream, known, options.MaxBodyBytes, cancellationToken);
            }
        }
        catch (Exception e) when (IsBrokenBody(e))
        {
            return new FetchResult.Failed(url, FetchFailure.BrokenResponse, DescribeBrokenBody(e));
        }
        return body is null ? TooLarge(url) : new FetchResult.PooledPage(url, body, content.Headers.ContentType?.ToString());
    }

    private FetchResult.Failed TooLarge(Uri url) =>
        new(url, FetchFailure.TooLarge, $"the body is larger than the {options.MaxBodyBytes}-byte cap (Polling.MaxBodyBytes)");

    private static HttpRequestMessage BuildRequest(Uri url, string accept, string? etag, string? lastModified)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            request.Headers.IfNoneMatch.Add(tag);
        if (lastModified is not null && DateTimeOffset.TryParse(lastModified, out var since))
            request.Headers.IfModifiedSince = since;
        return request;
    }

    /// <summary>Reads the decompressed body, giving up as soon as it passes the cap: null then.</summary>
    private async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > options.MaxBodyBytes) return null;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        if (content.Headers.ContentLength is { } length and > 0 && content.Headers.ContentEncoding.Count == 0)
            return await ReadExactlyAsync(stream, (int)length, cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > options.MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A body of a known length, read straight into one array of that size: a page is often past the large-object
    /// threshold, and the buffer, its copy and the read chunk each brought the next full garbage collection closer
    /// (issue 18: the ingest allocated twice what extraction alone did). The handler holds the body to its length, and
    /// one that breaks off before it fails there, as before.
    /// </summary>
    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return body;
    }

    /// <summary>
    /// How reading a body fails once the headers are in (issue 14 item 6, each seen from a real server):
    /// HttpIOException when it ends before its Content-Length or its chunked framing is wrong, IOException
    /// when the connection is reset, InvalidDataException from a gzip or deflate body that does not
    /// decompress, InvalidOperationException from a brotli one.
    /// </summary>
    private static bool IsBrokenBody(Exception e) =>
        e is IOException or InvalidDataException or InvalidOperationException or HttpRequestException;

    /// <remarks>The decoders' exceptions are told apart by type: the handler that decompresses drops Content-Encoding.</remarks>
    private static string DescribeBrokenBody(Exception e)
    {
        var reason = (e.InnerException ?? e).Message.TrimEnd('.');
        return e is InvalidDataException or InvalidOperationException
            ? $"the body could not be decompressed: {reason}"
            : $"the response could not be read to its end: {reason}";
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Retry-After as seconds or as an HTTP date (RFC 9110 10.2.3).</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Cache-Control max-age, else Expires minus Date (RFC 9111 4.2.1).</summary>
    private TimeSpan? FreshFor(HttpResponseMessage response)
    {
        if (response.Headers.CacheControl?.MaxAge is { } maxAge) return maxAge;
        if (response.Content.Headers.Expires is { } expires)
        {
            var left = expires - (response.Headers.Date ?? time.GetUtcNow());
            return left > TimeSpan.Zero ? left : null;
        }
        return null;
    }

    private static T? FindInner<T>(Exception e) where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is T found) return found;
        return null;
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is { Message.Length: > 0 } inner && !e.Message.Contains(inner.Message) ? $"{e.Message} ({inner.Message})" : e.Message;

    public void Dispose() => client.Dispose();
}
