using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;

namespace FeedHub.Http;

/// <summary>
/// POST /api/articles/{id}/reextract (API key): the article's page fetched and extracted again, as `feedhub reextract`
/// does for many, and the stored article revised when the page gives another one. It makes FeedHub fetch, so it needs the key.
/// </summary>
internal static class ArticlesApi
{
    public static async Task<IResult> Reextract(string id, HttpRequest request, LiveConfiguration configuration, Reextractor reextractor,
        CancellationToken cancellationToken)
    {
        if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
        var result = await reextractor.ReextractAsync(id, cancellationToken);
        if (result.Status == ReextractStatus.NotFound)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such article", detail: $"No article has the id '{id}'.");
        return TypedResults.Json(new ReextractView(result.ArticleId, result.Title,
            result.Status.ToString().ToLowerInvariant(), result.Reason), ApiJson.Options);
    }
}
