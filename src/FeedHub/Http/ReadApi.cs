using System.Globalization;
using System.Text.Encodings.Web;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;

namespace FeedHub.Http;

/// <summary>
/// The JSON API's reading side: GET /api/sources, /api/sections, /api/articles (filters, cursor paging)
/// and /api/articles/{id} (with headings, and each section with the rule that put the article there).
/// Field names are snake_case and stable; errors are RFC 9457 problem details.
/// </summary>
internal static class ReadApi
{
    public static IResult Sources(LiveConfiguration configuration, SourceStore sources, ArticleStore articles) =>
        TypedResults.Json(SourceOverview.For(configuration.Current, sources, articles).Select(SourceView.Of).ToList(), ApiJson.Options);

    public static IResult Sections(LiveConfiguration configuration, ArticleStore articles)
    {
        var counts = articles.CountBySection();
        return TypedResults.Json(configuration.Current.Catalog.Sections.Select(s =>
            new SectionView(s.Slug, s.Name, s.Description, counts.GetValueOrDefault(s.Slug),
                new FeedLinks(FeedUrls.Path(s.Slug, FeedFormat.Atom), FeedUrls.Path(s.Slug, FeedFormat.Rss),
                    FeedUrls.Path(s.Slug, FeedFormat.Json)))).ToList(), ApiJson.Options);
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
        return TypedResults.Json(new ArticlesPage(found.Select(ArticleSummary.Of).ToList(),
            found.Count == limit ? ArticleStore.CursorAfter(found[^1]).ToString() : null), ApiJson.Options);
    }

    public static IResult Article(string id, ArticleStore articles)
    {
        if (articles.FindById(id) is not { } article)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such article", detail: $"No article has the id '{id}'.");
        return TypedResults.Json(ArticleDetail.Of(article), ApiJson.Options);
    }

    /// <summary>GET /api/search?q=&amp;limit=: best match first, each with a snippet around the words.</summary>
    public static IResult Search(HttpRequest request, ArticleStore articles, CancellationToken cancellationToken)
    {
        if (!QueryParameters.TrySearchText(request.Query, out var q, out var error) || !QueryParameters.TryLimit(request.Query, 20, out var limit, out error))
            return error!;
        if (q is null) return Problem("q: give the words to search for.");
        try
        {
            return TypedResults.Json(articles.Search(q, limit, cancellationToken).Select(h =>
                new SearchHitView(ArticleSummary.Of(h.Article), h.Snippet, h.Rank)).ToList(), ApiJson.Options);
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
        var outcome = await scheduler.PollNowAsync(poller, options, forced, cancellationToken);
        return TypedResults.Json(new RefreshView(outcome.SourceId, outcome.Status.ToString().ToLowerInvariant(), outcome.NewArticles, outcome.LinkedArticles,
            outcome.Error, outcome.NextCheckAt), ApiJson.Options);
    }

    private static IResult Problem(string detail) => QueryParameters.Problem("Bad parameter", detail);
}
