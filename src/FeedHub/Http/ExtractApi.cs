using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;

namespace FeedHub.Http;

/// <summary>
/// POST /api/extract: the extraction polling uses, on a URL or on posted HTML, answered with the same
/// JSON as `feedhub extract --format json`. A URL makes FeedHub fetch on request, so it needs the API key; posted HTML
/// fetches nothing and changes nothing (its size is capped by Polling.MaxBodyBytes, its extraction by the extraction
/// budget), so it needs none, as the /extract page's paste box promises.
/// </summary>
internal static class ExtractApi
{
    internal sealed record ExtractRequest(string? Url, string? Html, string? BaseUrl);

    /// <summary>The API's names; an unknown field (baseUrl for base_url) is refused rather than silently dropped.</summary>
    private static readonly JsonSerializerOptions BodyJson = JsonBody.Strict(ApiJson.Options);

    public static async Task<IResult> Extract(HttpRequest request, LiveConfiguration configuration, PollingOptions polling,
        PageExtractor pages, CancellationToken cancellationToken)
    {
        if (request.ContentLength > polling.MaxBodyBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body is larger than {polling.MaxBodyBytes} bytes (Polling.MaxBodyBytes).");
        var (body, error) = await JsonBody.ReadAsync<ExtractRequest>(request.Body, BodyJson, cancellationToken);
        if (error is not null) return Problem(StatusCodes.Status400BadRequest, "Bad body", error);
        switch (body)
        {
            case { Url: { } url, Html: null }:
                if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
                if (!IsHttpUrl(url))
                    return Problem(StatusCodes.Status400BadRequest, "Bad url", $"url '{url}' is not an absolute http:// or https:// URL.");
                return TypedResults.Json(PageReport.From(url, await pages.FromUrlAsync(new Uri(url), cancellationToken)), ApiJson.Options);
            case { Html: { } html, Url: null }:
                if (body.BaseUrl is not { } baseUrl || !IsHttpUrl(baseUrl))
                    return Problem(StatusCodes.Status400BadRequest, "Bad base_url",
                        "html needs base_url: the absolute http(s) URL of the page, for its links, its site rule and its URL-path section.");
                return TypedResults.Json(PageReport.From(null, await pages.FromHtmlAsync(html, new Uri(baseUrl), cancellationToken)), ApiJson.Options);
            default:
                return Problem(StatusCodes.Status400BadRequest, "Url or html", "Send either url, or html with base_url.");
        }
    }

    private static bool IsHttpUrl(string value) => WebUrl.Parse(value) is not null;

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
