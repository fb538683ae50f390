using System.Globalization;
using FeedHub.Core.Configuration;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;

namespace FeedHub.Http;

/// <summary>
/// The published feeds: /feeds/{section}.{rss|atom|json} (and "all"), and /feeds?section=&amp;source=&amp;since=&amp;limit=&amp;format=&amp;before=
/// for combinations. Rendered bytes are cached until a poll stores articles in the sections shown;
/// <see cref="FeedResponse"/> writes the response (representations, conditional requests, headers).
/// </summary>
internal static class SectionFeeds
{
    public const int DefaultLimit = 50;

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

    /// <summary>What a feed request asks for, checked.</summary>
    private sealed record FeedRequest(IReadOnlyList<SectionOptions> Sections, SourceOptions? Source, DateTimeOffset? Since,
        int Limit, FeedFormat Format, PageCursor? After)
    {
        public string? Text { get; init; }
    }

    /// <summary>What the feed handlers use, bound as one parameter ([AsParameters]) rather than eight.</summary>
    internal sealed record Services(LiveConfiguration Configuration, ArticleStore Articles, SectionChanges Changes, FeedWriter Writer,
        FeedCache Cache, FeedUrls Urls, PipelineMetrics Metrics, TimeProvider Time);

    /// <summary>GET or HEAD /feeds/{section}.{format}.</summary>
    public static IResult Section(string section, string format, HttpContext context, [AsParameters] Services services)
    {
        var result = SectionFeed(section, format, context, services);
        Count(services.Metrics, format, result);
        return result;
    }

    private static IResult SectionFeed(string section, string format, HttpContext context, Services services)
    {
        var catalog = services.Configuration.Current.Catalog;
        if (FeedFormats.Parse(format) is not { } feedFormat)
            return Problem(StatusCodes.Status404NotFound, "No such feed format", $"'{format}' is not a feed format; use .rss, .atom or .json.");
        var found = catalog.Sections.FirstOrDefault(s => s.Slug == section);
        if (found is null && section != FeedUrls.AllSlug)
            return Problem(StatusCodes.Status404NotFound, "No such section", $"'{section}' is not a configured section; GET / lists them.");
        var request = ReadCommonParameters(context.Request.Query, feedFormat, out var error);
        if (error is not null) return error;
        return Serve(context, request! with { Sections = found is null ? [] : [found] }, services);
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
        metrics.FeedRequests.Add(1, new KeyValuePair<string, object?>("format", FeedFormats.Parse(format) is { } known ? FeedFormats.Extension(known) : "unknown"),
            new KeyValuePair<string, object?>("status", status.ToString(CultureInfo.InvariantCulture)));
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
        var request = ReadCommonParameters(query, format.Value, out error);
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

    private static FeedRequest? ReadCommonParameters(IQueryCollection query, FeedFormat format, out IResult? error)
    {
        if (!QueryParameters.TryLimit(query, DefaultLimit, out var limit, out error)
            || !QueryParameters.TrySince(query, out var since, out error)
            || !QueryParameters.TryCursor(query, "before", out var after, out error))
            return null;
        return new FeedRequest([], null, since, limit, format, after);
    }

    private static IResult Serve(HttpContext context, FeedRequest request, Services services)
    {
        var http = context.Request;
        var key = http.Path + http.QueryString;
        // Feeds by section depend on those sections' versions; by source or across all, on every change.
        var dependsOn = request.Sections.Count > 0 && request.Source is null && request.Text is null ? request.Sections.Select(s => s.Slug).ToList() : null;
        var hub = services.Configuration.Current.Http.WebSubHub is { Length: > 0 } hubUrl ? new Uri(hubUrl) : null;
        // Current as the store says, so a write by another process (feedhub refresh) is seen at once, and
        // Last-Modified is when what the feed shows last changed, not its newest article's date.
        var change = services.Changes.For(dependsOn);
        // A person's browser opening the URL gets a page about the feed; readers get the cached feed's bytes.
        if (FeedPage.IsWantedBy(http))
            return FeedPage.For(context, Document(request, services, http, hub, change.ChangedAt), request.Format, Formats(http, request.Format, services.Urls));
        var rendered = services.Cache.GetOrRender(key, dependsOn, () => Render(request, services, http, hub, change.ChangedAt), change.Version);
        return FeedResponse.For(http, rendered);
    }

    private static RenderedFeed Render(FeedRequest request, Services services, HttpRequest http, Uri? hub, DateTimeOffset? changedAt)
    {
        var document = Document(request, services, http, hub, changedAt);
        var now = services.Time.GetUtcNow();
        return new RenderedFeed(services.Writer.Write(document, request.Format, now), FeedFormats.MediaType(request.Format), Truncate(document.Updated(now)));
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

    private static FeedDocument Document(FeedRequest request, Services services, HttpRequest http, Uri? hub, DateTimeOffset? changedAt)
    {
        var (urls, articles) = (services.Urls, services.Articles);
        var found = articles.Find(new ArticleQuery
        {
            Sections = request.Sections.Select(s => s.Slug).ToList(),
            SourceId = request.Source?.Id,
            Since = request.Since,
            After = request.After,
            Limit = request.Limit,
            Text = request.Text,
        });
        // The request's path and query (the cache key) under the configured public address: never the Host it was sent to.
        var selfUrl = urls.Resolve(http.Path + http.QueryString);
        return new FeedDocument(
            Id: StableId.ForSection(Identity(request)),
            Title: Title(request),
            Subtitle: request.Sections.Count == 1 ? request.Sections[0].Description : null,
            SelfUrl: selfUrl,
            AlternateUrl: urls.Home,
            Articles: found)
        {
            NextUrl = found.Count == request.Limit ? NextPage(selfUrl, ArticleStore.CursorAfter(found[^1])) : null,
            StylesheetPath = urls.Stylesheet.AbsolutePath,
            HubUrl = hub,
            ChangedAt = changedAt,
        };
    }

    /// <summary>The feed's identity (for its atom:id): what it selects, not how it is paged or formatted.</summary>
    private static string Identity(FeedRequest request) =>
        (request.Sections.Count == 0 && request.Source is null
            ? FeedUrls.AllSlug
            : string.Join('+', request.Sections.Select(s => s.Slug).Order(StringComparer.Ordinal)) + (request.Source is null ? "" : "@" + request.Source.Id))
        + (request.Text is null ? "" : "?q=" + request.Text);

    private static string Title(FeedRequest request)
    {
        var sections = request.Sections.Count == 0 ? "All sections" : string.Join(" + ", request.Sections.Select(s => s.Name));
        var title = request.Source is null ? sections : $"{sections}: {request.Source.Name ?? request.Source.Id}";
        return request.Text is null ? title : $"{title}: \u201C{request.Text}\u201D";
    }

    private static Uri NextPage(Uri self, PageCursor cursor)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(self.Query);
        query["before"] = cursor.ToString();
        var path = self.GetLeftPart(UriPartial.Path);
        return new Uri(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query));
    }

    /// <summary>HTTP dates have whole seconds.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
