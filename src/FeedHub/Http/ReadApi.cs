using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;

namespace FeedHub.Http;

/// <summary>
/// The JSON API's reading side: GET /api/sources, /api/sections, /api/articles (filters, cursor paging)
/// and /api/articles/{id} (with headings, and each section with the rule that put the article there).
/// Field names are snake_case and stable; errors are RFC 9457 problem details.
/// </summary>
internal static class ReadApi
{
    private static readonly JsonSerializerOptions Json = ApiJson.Options;

    public static IResult Sources(LiveConfiguration configuration, SourceStore sources, ArticleStore articles) =>
        TypedResults.Json(SourceOverview.For(configuration.Current, sources, articles).Select(s => new
        {
            s.Id, s.Name, s.Url, s.UrlPolled, s.Enabled, s.Sections, Interval = s.Interval.ToString("c"), s.Status,
            s.LastSuccessAt, s.LastFetchAt, s.LastError, s.LastErrorAt, s.NextCheckAt, s.ConsecutiveFailures, s.ArticleCount, s.DisabledReason, s.FeedFormat, s.FeedWarning,
        }), Json);

    public static IResult Sections(LiveConfiguration configuration, ArticleStore articles)
    {
        var counts = articles.CountBySection();
        return TypedResults.Json(configuration.Current.Catalog.Sections.Select(s => new
        {
            s.Slug, s.Name, s.Description, ArticleCount = counts.GetValueOrDefault(s.Slug),
            Feeds = new { Atom = $"/feeds/{s.Slug}.atom", Rss = $"/feeds/{s.Slug}.rss", Json = $"/feeds/{s.Slug}.json" },
        }), Json);
    }

    /// <summary>GET /api/articles?section=&amp;source=&amp;since=&amp;q=&amp;limit=&amp;cursor=: newest first; next_cursor continues.</summary>
    public static IResult Articles(HttpRequest request, LiveConfiguration configuration, ArticleStore articles, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var catalog = configuration.Current.Catalog;
        // The same checks as /feeds?section=&source=: an unknown one is a 400 that names it, not an empty list.
        if (!QueryParameters.TrySections(query, catalog, out var sections, out var error)
            || !QueryParameters.TrySource(query, catalog, out var source, out error)
            || !QueryParameters.TryLimit(query, 50, out var limit, out error)
            || !QueryParameters.TrySince(query, out var since, out error)
            || !QueryParameters.TryCursor(query, "cursor", out var cursor, out error)
            || !QueryParameters.TrySearchText(query, out var text, out error))
            return error!;
        IReadOnlyList<Article> found;
        try
        {
            found = articles.Find(new ArticleQuery
            {
                Sections = sections.Select(s => s.Slug).ToList(),
                SourceId = source?.Id,
                Since = since,
                Text = text,
                After = cursor,
                Limit = limit,
            }, cancellationToken);
        }
        catch (TimeoutException stopped)
        {
            return QueryParameters.SearchStopped(stopped);
        }
        return TypedResults.Json(new
        {
            Items = found.Select(Summary),
            NextCursor = found.Count == limit ? ArticleStore.CursorAfter(found[^1]).ToString() : null,
        }, Json);
    }

    public static IResult Article(string id, ArticleStore articles)
    {
        if (articles.FindById(id) is not { } article)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such article", detail: $"No article has the id '{id}'.");
        return TypedResults.Json(new
        {
            article.Id, article.SourceId, Sources = article.SourceIds, Outlets = Outlets(article), article.Guid, Url = article.Url?.AbsoluteUri, CanonicalUrl = article.CanonicalUrl?.AbsoluteUri,
            article.Title, article.Author, article.Published, article.Updated, article.FetchedAt, article.Language, article.WordCount,
            article.ReadingMinutes, LeadImage = article.LeadImage?.AbsoluteUri, article.ExtractionStatus, article.Summary,
            article.ContentHtml, article.ContentText,
            Headings = article.Headings.Select(h => new { h.Level, h.Text }),
            // Why the article is in each section: the rule that put it there.
            Sections = article.Sections.Select(s => new { s.Slug, Why = s.Origin }),
            SectionCandidates = article.SectionCandidates.Select(c => new { c.Value, c.Origin }),
        }, Json);
    }

    /// <summary>GET /api/search?q=&amp;limit=: best match first, each with a snippet around the words.</summary>
    public static IResult Search(HttpRequest request, ArticleStore articles, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TrySearchText(request.Query, out var q, out var error) || !QueryParameters.TryLimit(request.Query, 20, out var limit, out error))
            return error!;
        if (q is null) return Problem("q: give the words to search for.");
        try
        {
            return TypedResults.Json(articles.Search(q, limit, cancellationToken).Select(h => new { Article = Summary(h.Article), h.Snippet, h.Rank }), Json);
        }
        catch (TimeoutException stopped)
        {
            return QueryParameters.SearchStopped(stopped);
        }
    }

    /// <summary>POST /api/sources/{id}/refresh (API key): polls the source now, as the scheduler would, and moves its next check.</summary>
    public static async Task<IResult> Refresh(string id, string? force, HttpRequest request, LiveConfiguration configuration, SourcePoller poller,
        Scheduling.SourceScheduler scheduler, CancellationToken cancellationToken)
    {
        if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
        if (!QueryParameters.TryFlag("force", force, out var forced, out var error)) return error!;
        var options = configuration.Current.Catalog.Sources.FirstOrDefault(s => s.Id == id);
        if (options is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such source", detail: $"No source has the id '{id}'.");
        var outcome = await PollNowAsync(configuration.Current, options, forced, poller, scheduler, cancellationToken);
        return TypedResults.Json(new
        {
            outcome.SourceId, Status = outcome.Status.ToString().ToLowerInvariant(), outcome.NewArticles, outcome.Error, outcome.NextCheckAt,
        }, Json);
    }

    /// <summary>Polls a source now, as the scheduler would, and moves its next check: the API's and the console's refresh.</summary>
    public static async Task<PollOutcome> PollNowAsync(FeedHubConfiguration configuration, SourceOptions options, bool force, SourcePoller poller,
        Scheduling.SourceScheduler scheduler, CancellationToken cancellationToken)
    {
        var outcome = await poller.PollAsync(configuration.ToSource(options), cancellationToken, force);
        if (options.Enabled) await scheduler.ScheduleNextAsync(options.Id, outcome.NextCheckAt, cancellationToken);
        return outcome;
    }

    private static object Summary(Article article) => new
    {
        article.Id, article.SourceId, Sources = article.SourceIds, Outlets = Outlets(article), article.Title, Url = article.Url?.AbsoluteUri, article.Author, article.Published,
        article.WordCount, Sections = article.Sections.Select(s => s.Slug), article.ExtractionStatus,
    };

    /// <summary>Every source carrying the story with its own link and title, and why it joined (null for the first).</summary>
    private static IEnumerable<object> Outlets(Article article) => article.Outlets.Select(o => new
    {
        Source = o.SourceId, Url = o.Url?.AbsoluteUri, o.Title, MergedBy = o.Rule, o.Similarity,
    });

    private static IResult Problem(string detail) => QueryParameters.Problem("Bad parameter", detail);
}
