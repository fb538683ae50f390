using System.Globalization;
using FeedHub.Core.Publishing;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FeedHub.Http;

/// <summary>
/// Answers a feed request from a rendered feed: picks the representation the reader accepts (identity, gzip or
/// brotli, each kept with the feed), answers conditional requests from the ETags alone, and writes the chosen
/// bytes with their own ETag, Content-Encoding, Content-Length and Vary: Accept, Accept-Encoding (a browser's navigation
/// to the same URL gets <see cref="FeedPage"/>).
/// </summary>
internal sealed class FeedResponse : IResult, IStatusCodeHttpResult
{
    private const string CacheControl = "public, max-age=300";

    /// <summary>What every answer at a feed's URL depends on: Accept picks the feed or its page, Accept-Encoding the body's coding.</summary>
    public const string Vary = "Accept, Accept-Encoding";

    private readonly RenderedFeed feed;
    private readonly ContentCoding coding;
    private readonly string etag;

    private FeedResponse(RenderedFeed feed, ContentCoding coding, string etag, int status)
    {
        this.feed = feed;
        this.coding = coding;
        this.etag = etag;
        StatusCode = status;
    }

    public int? StatusCode { get; }

    /// <summary>The response to this request for this feed: 200, 304, or a 406 problem when no coding it accepts is kept.</summary>
    public static IResult For(HttpRequest request, RenderedFeed feed)
    {
        var acceptable = Negotiate(request.Headers.AcceptEncoding);
        if (acceptable.Count == 0)
        {
            request.HttpContext.Response.Headers.Vary = Vary;
            return TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "No acceptable encoding",
                detail: $"Accept-Encoding '{request.Headers.AcceptEncoding}' refuses identity, gzip and br, the only encodings feeds are served in.");
        }
        var coding = Choose(feed, acceptable);
        if (MatchingETag(request, feed, coding) is { } matched)
            return new FeedResponse(feed, coding, matched, StatusCodes.Status304NotModified);
        return new FeedResponse(feed, coding, feed.ETagOf(coding), StatusCodes.Status200OK);
    }

    /// <summary>The reader's first choice that is ready now; its first choice, waited for, when no other is acceptable.</summary>
    private static ContentCoding Choose(RenderedFeed feed, List<ContentCoding> acceptable)
    {
        foreach (var coding in acceptable)
            if (feed.IsReady(coding)) return coding;
        return acceptable[0];
    }

    /// <summary>
    /// RFC 9110 12.5.3: the codings FeedHub keeps that the reader accepts, highest q-value first, brotli before gzip before
    /// identity when equal (the smaller body first). A coding not named takes the q-value of `*`; identity, when neither
    /// is named, is acceptable. Empty when the reader refuses all three.
    /// </summary>
    internal static List<ContentCoding> Negotiate(StringValues acceptEncoding)
    {
        if (StringValues.IsNullOrEmpty(acceptEncoding)
            || !StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted) || accepted.Count == 0)
            return [ContentCoding.Identity];
        double? Quality(string name) => accepted.Where(a => a.Value.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).Cast<double?>().Max();
        var any = Quality("*");
        (ContentCoding Coding, double Quality)[] codings =
        [
            (ContentCoding.Brotli, Quality("br") ?? any ?? 0),
            (ContentCoding.Gzip, Quality("gzip") ?? Quality("x-gzip") ?? any ?? 0),
            (ContentCoding.Identity, Quality("identity") ?? any ?? 1),
        ];
        return codings.Where(c => c.Quality > 0).OrderByDescending(c => c.Quality).Select(c => c.Coding).ToList(); // stable: ties keep br, gzip, identity
    }

    /// <summary>
    /// RFC 9110 13.1: If-None-Match wins over If-Modified-Since. A tag of any representation counts, since they all carry
    /// the same feed; the 304 names the one the reader holds so that a cache freshens what it stored (RFC 9111 4.3.4).
    /// </summary>
    private static string? MatchingETag(HttpRequest request, RenderedFeed feed, ContentCoding coding)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } tags)
        {
            string? held = null;
            foreach (var tag in tags)
            {
                if (tag.Tag == "*") return feed.ETagOf(coding);
                var value = tag.Tag.ToString();
                if (value == feed.ETagOf(coding)) return value;
                held ??= Enum.GetValues<ContentCoding>().Select(feed.ETagOf).FirstOrDefault(e => e == value);
            }
            return held;
        }
        return headers.IfModifiedSince is { } since && feed.LastModified <= since ? feed.ETagOf(coding) : null;
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var headers = response.Headers;
        response.StatusCode = StatusCode!.Value;
        headers.ETag = etag;
        headers.LastModified = feed.LastModified.ToString("R", CultureInfo.InvariantCulture);
        headers.CacheControl = CacheControl;
        headers.Vary = Vary;
        if (StatusCode == StatusCodes.Status304NotModified) return Task.CompletedTask;

        // Only now are bytes touched: a compressed body is made here on its first request, then kept.
        var representation = feed.Representation(coding);
        response.ContentType = feed.ContentType;
        response.ContentLength = representation.Body.Length;
        if (coding != ContentCoding.Identity) headers.ContentEncoding = coding == ContentCoding.Gzip ? "gzip" : "br";
        return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(representation.Body).AsTask();
    }
}
