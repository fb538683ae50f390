using System.Net;
using System.Net.Http.Headers;
using FeedHub.Core.Configuration;

namespace FeedHub.Core.Fetching;

/// <summary>
/// Fetches feeds and article pages over HTTP: conditional GET, a total timeout, a body cap that
/// holds after decompression, and at most 5 redirects. Every outcome is a <see cref="FetchResult"/>.
/// </summary>
public sealed class FeedFetcher : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly HttpClient client;
    private readonly PollingOptions options;

    public FeedFetcher(PollingOptions options)
    {
        this.options = options;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = MaxRedirects,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // so DNS changes are seen
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // our own timeout covers the body too
        client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    /// <summary>GET a feed, sending the validators from the last response so an unchanged feed costs a 304.</summary>
    public Task<FetchResult> FetchFeedAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken) =>
        FetchAsync(url, "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
            etag, lastModified, cancellationToken);

    /// <summary>GET an article page.</summary>
    public Task<FetchResult> FetchPageAsync(Uri url, CancellationToken cancellationToken) =>
        FetchAsync(url, "text/html, application/xhtml+xml;q=0.9, */*;q=0.8", null, null, cancellationToken);

    private async Task<FetchResult> FetchAsync(Uri url, string accept, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var request = BuildRequest(url, accept, etag, lastModified);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var finalUrl = response.RequestMessage?.RequestUri ?? url;
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FetchResult.NotModified(finalUrl);
            if (!response.IsSuccessStatusCode)
                return new FetchResult.Failed(finalUrl, FetchFailure.HttpStatus,
                    $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), (int)response.StatusCode);
            var body = await ReadCappedAsync(response.Content, timeout.Token);
            if (body is null)
                return new FetchResult.Failed(finalUrl, FetchFailure.TooLarge, $"the body is larger than {options.MaxBodyBytes} bytes");
            return new FetchResult.Fetched(finalUrl, body, response.Content.Headers.ContentType?.ToString(),
                response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FetchResult.Failed(url, FetchFailure.TimedOut, $"no complete answer within {options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new FetchResult.Failed(url, FetchFailure.NetworkError, e.InnerException?.Message ?? e.Message);
        }
    }

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

    /// <summary>Reads the (decompressed) body, giving up as soon as it passes the cap: null then.</summary>
    private async Task<byte[]?> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > options.MaxBodyBytes) return null;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
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

    public void Dispose() => client.Dispose();
}
