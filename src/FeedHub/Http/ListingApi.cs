using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Core.Fetching;
using FeedHub.Core.Listings;
using FeedHub.Core.Model;

namespace FeedHub.Http;

/// <summary>
/// POST /api/listing: the entries a page source would take from a page, fetched as a poll fetches it, or from posted
/// HTML; each link left out with its reason; the JSON of `feedhub parse PAGE --explain --format json`. It makes
/// FeedHub fetch on request, so it needs the API key, as POST /api/extract does.
/// </summary>
internal static class ListingApi
{
    internal sealed record ListingRequest(string? Url, string? Html, string? BaseUrl, string? Items, string? Link, string? Title, string? Date);

    private static readonly JsonSerializerOptions BodyJson = JsonBody.Strict(ApiJson.Options);

    public static async Task<IResult> Preview(HttpRequest request, LiveConfiguration configuration, PollingOptions polling, FeedFetcher fetcher,
        CancellationToken cancellationToken)
    {
        if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
        if (request.ContentLength > polling.MaxBodyBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body is larger than {polling.MaxBodyBytes} bytes (Polling.MaxBodyBytes).");
        var (body, error) = await JsonBody.ReadAsync<ListingRequest>(request.Body, BodyJson, cancellationToken);
        if (error is not null) return Problem(StatusCodes.Status400BadRequest, "Bad body", error);
        if (body is null) return Problem(StatusCodes.Status400BadRequest, "Url or html", "Send either url, or html with base_url.");
        var selectors = SelectorsOf(body, out var selectorProblem);
        if (selectorProblem is not null)
            return Problem(StatusCodes.Status400BadRequest, "Bad selector", selectorProblem);
        switch (body)
        {
            case { Url: { } url, Html: null }:
                if (WebUrl.Parse(url) is not { } pageUrl)
                    return Problem(StatusCodes.Status400BadRequest, "Bad url", $"url '{url}' is not an absolute http:// or https:// URL.");
                var fetched = await fetcher.FetchFeedAsync(pageUrl, null, null, cancellationToken); // as a poll fetches a source
                if (fetched is not FetchResult.Fetched page)
                    return Problem(StatusCodes.Status502BadGateway, "Not fetched", $"{url}: {(fetched as FetchResult.Failed)?.Message ?? "no page"}");
                return Answer(page.Text, page.Url, selectors);
            case { Html: { } html, Url: null }:
                if (WebUrl.Parse(body.BaseUrl) is not { } baseUrl)
                    return Problem(StatusCodes.Status400BadRequest, "Bad base_url", "html needs base_url: the absolute http(s) URL of the page, for its links.");
                return Answer(html, baseUrl, selectors);
            default:
                return Problem(StatusCodes.Status400BadRequest, "Url or html", "Send either url, or html with base_url.");
        }
    }

    private static IResult Answer(string html, Uri pageUrl, ListingSelectors? selectors) =>
        TypedResults.Json(ListingReport.Of(ListingReader.Read(html, pageUrl, selectors).Listing, explain: true), ApiJson.Options);

    /// <summary>The selectors a source would have, checked as the configuration checks them.</summary>
    private static ListingSelectors? SelectorsOf(ListingRequest body, out string? problem)
    {
        problem = null;
        var given = new[] { ("items", body.Items), ("link", body.Link), ("title", body.Title), ("date", body.Date) }.Where(s => s.Item2 is not null).ToList();
        if (given.Count == 0) return null;
        if (body.Items is null) problem = $"{given[0].Item1} needs items, the selector of each article's block.";
        else if (given.FirstOrDefault(s => !CssSelectors.IsValid(s.Item2!)) is { Item1: { } bad, Item2: var selector })
            problem = $"{bad} '{selector}' is not a valid CSS selector.";
        return problem is null ? new ListingSelectors(body.Items!, body.Link, body.Title, body.Date) : null;
    }

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
