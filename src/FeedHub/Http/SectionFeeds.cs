using FeedHub.Core.Configuration;
using FeedHub.Core.Metrics;
using FeedHub.Core.Publishing;

namespace FeedHub.Http;

/// <summary>
/// The published feeds: /feeds/{section}.{rss|atom|json} (and "all"), and /feeds?section=&amp;source=&amp;since=&amp;limit=&amp;format=&amp;before=
/// for combinations: the parameters read and checked here, the feed itself from <see cref="FeedPublisher"/> (bytes cached
/// until what it shows changes), and <see cref="FeedResponse"/> writes the response (representations, conditional
/// requests, headers).
/// </summary>
internal static class SectionFeeds
{
    private static readonly byte[] StylesheetBytes = ReadStylesheet();

    /// <summary>GET /feed.xsl: what a browser uses to show an RSS or Atom feed as a page.</summary>
    public static IResult Stylesheet() => TypedResults.Bytes(StylesheetBytes, "text/xsl; charset=utf-8");

    private static byte[] ReadStylesheet()
    {
        using var stream = typeof(SectionFeeds).Assembly.GetManifestResourceStream("feed.xsl")!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>What the feed handlers use, bound as one parameter ([AsParameters]).</summary>
    internal sealed record Services(FeedPublisher Publisher, FeedUrls Urls, PipelineMetrics Metrics, LiveConfiguration Configuration);

    /// <summary>GET or HEAD /feeds/{section}.{format}.</summary>
    public static IResult Section(string section, string format, HttpContext context, [AsParameters] Services services)
    {
        var result = SectionFeed(section, format, context, services);
        Count(services.Metrics, format, result);
        return result;
    }

    private static IResult SectionFeed(string section, string format, HttpContext context, Services services)
    {
        if (FeedFormats.Parse(format) is not { } feedFormat)
            return Problem(StatusCodes.Status404NotFound, "No such feed format", $"'{format}' is not a feed format; use .rss, .atom or .json.");
        if (services.Publisher.FindSections(section) is not { } sections)
            return Problem(StatusCodes.Status404NotFound, "No such section", $"'{section}' is not a configured section; GET / lists them.");
        var request = ReadCommonParameters(context.Request, feedFormat, out var error);
        if (error is not null) return error;
        return Serve(context, request! with { Sections = sections }, services);
    }

    /// <summary>GET or HEAD /feeds?section=a&amp;section=b&amp;source=&amp;since=&amp;limit=&amp;format=&amp;before=.</summary>
    public static IResult Query(HttpContext context, [AsParameters] Services services)
    {
        var result = QueryFeed(context, services);
        Count(services.Metrics, context.Request.Query["format"].FirstOrDefault() ?? "atom", result);
        return result;
    }

    /// <summary>feedhub_feed_requests{format, status}: 304s show how much conditional requests save.</summary>
    private static void Count(PipelineMetrics metrics, string format, IResult result)
    {
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        metrics.CountFeedRequest(FeedFormats.Parse(format) is { } known ? FeedFormats.Extension(known) : null, status);
    }

    private static IResult QueryFeed(HttpContext context, Services services)
    {
        var query = context.Request.Query;
        var catalog = services.Configuration.Current.Catalog;
        var format = query.TryGetValue("format", out var formatValue) ? FeedFormats.Parse(formatValue.ToString()) : FeedFormat.Atom;
        if (format is null)
            return Problem(StatusCodes.Status400BadRequest, "Bad format", $"format='{formatValue}' must be rss, atom or json.");
        if (!QueryParameters.TrySections(query, catalog, out var sections, out var error)
            || !QueryParameters.TrySource(query, catalog, out var source, out error))
            return error!;
        var request = ReadCommonParameters(context.Request, format.Value, out error);
        if (error is not null) return error;
        if (!QueryParameters.TrySearchText(query, out var text, out error)) return error!;
        try
        {
            return Serve(context, request! with { Sections = sections, Source = source, Text = text }, services);
        }
        catch (TimeoutException stopped) // the search ran out of its time budget: nothing was cached
        {
            return QueryParameters.SearchStopped(stopped);
        }
    }

    private static FeedRequest? ReadCommonParameters(HttpRequest http, FeedFormat format, out IResult? error)
    {
        var query = http.Query;
        if (!QueryParameters.TryLimit(query, FeedPublisher.DefaultLimit, out var limit, out error)
            || !QueryParameters.TrySince(query, out var since, out error)
            || !QueryParameters.TryCursor(query, "before", out var before, out error))
            return null;
        return new FeedRequest(http.Path + http.QueryString, format) { Since = since, Limit = limit, Before = before };
    }

    private static IResult Serve(HttpContext context, FeedRequest request, Services services)
    {
        var feed = services.Publisher.Open(request);
        // A person's browser opening the URL gets a page about the feed; readers get the cached feed's bytes.
        if (FeedPage.IsWantedBy(context.Request))
            return FeedPage.For(context, feed.Document(), request.Format, Formats(context.Request, request.Format, services.Urls));
        return FeedResponse.For(context.Request, feed.Rendered());
    }

    /// <summary>The same feed in the other formats, for the page: the extension of a section feed's path, or format= of a query.</summary>
    private static List<(string Label, Uri Url)> Formats(HttpRequest http, FeedFormat shown, FeedUrls urls) =>
        Enum.GetValues<FeedFormat>().Where(f => f != shown).Select(f =>
        {
            var extension = FeedFormats.Extension(f);
            var path = http.Path.Value!;
            var pathAndQuery = http.RouteValues.ContainsKey("format")
                ? path[..(path.LastIndexOf('.') + 1)] + extension + http.QueryString
                : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
                    http.Query.Where(q => q.Key != "format").Append(new("format", extension)));
            return (FeedPage.Name(f), urls.Resolve(pathAndQuery));
        }).ToList();

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
