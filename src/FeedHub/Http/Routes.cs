using FeedHub.Core.Configuration;
using FeedHub.Core.Publishing;
using FeedHub.Http.OperatorConsole;
using Microsoft.Extensions.FileProviders;
using Microsoft.OpenApi;
using Prometheus;

namespace FeedHub.Http;

/// <summary>The route table, in one place. Handlers are named static methods in this folder.</summary>
public static class Routes
{
    public static WebApplication MapFeedHubRoutes(this WebApplication app, HttpOptions http)
    {
        app.MapGet("/", IndexPage.Render);
        app.MapGet("/healthz", Health.Alive).Produces<string>(contentType: "text/plain");
        app.MapGet("/readyz", Health.Ready).Produces<string>(contentType: "text/plain").Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
        app.MapMetrics("/metrics"); // Prometheus text format: FeedHub's meter, plus .NET and ASP.NET Core's own
        app.MapGet(FeedUrls.StylesheetPath, SectionFeeds.Stylesheet);
        app.MapMethods(FeedUrls.FeedRoute, [HttpMethods.Get, HttpMethods.Head], SectionFeeds.Section)
            .Query(Limit, Since, new("before", "A cursor from a next link: the page of older items"))
            .Feeds().Problems(StatusCodes.Status404NotFound);
        app.MapMethods("/feeds", [HttpMethods.Get, HttpMethods.Head], SectionFeeds.Query)
            .Query(Sections, Source, Words, Since, Limit, new("before", "A cursor from a next link: the page of older items"),
                new("format", "atom (the default), rss or json"))
            .Feeds();
        app.MapGet("/api/sources", ReadApi.Sources).Produces<List<SourceView>>();
        app.MapGet("/api/sections", ReadApi.Sections).Produces<List<SectionView>>();
        app.MapGet("/api/articles", ReadApi.Articles).Query(Sections, Source, Since, Words, Limit, new("cursor", "next_cursor of the page before"))
            .Produces<ArticlesPage>().Problems(StatusCodes.Status400BadRequest);
        app.MapGet("/api/articles/{id}", ReadApi.Article).Produces<ArticleDetail>()
            .Problems(StatusCodes.Status404NotFound);
        app.MapPost("/api/articles/{id}/reextract", ArticlesApi.Reextract).RequireApiKey()
            .Produces<ReextractView>().Problems(StatusCodes.Status404NotFound);
        app.MapGet("/api/search", ReadApi.Search).Query(Words with { Description = "Words to search for (required)" }, Limit)
            .Produces<List<SearchHitView>>().Problems(StatusCodes.Status400BadRequest);
        app.MapPost("/api/sources/{id}/refresh", ReadApi.Refresh).RequireApiKey()
            .Produces<RefreshView>().Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapPost("/api/sources", SourcesApi.Add).RequireApiKey().Accepts<SourcesApi.NewSource>("application/json")
            .Produces<CreatedSource>(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        app.MapDelete("/api/sources/{id}", SourcesApi.Remove).RequireApiKey()
            .Produces(StatusCodes.Status204NoContent).Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        app.MapPatch("/api/sources/{id}", SourcesApi.Edit).RequireApiKey().Accepts<SourcesApi.SourceChange>("application/json")
            .Produces(StatusCodes.Status204NoContent).Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        app.MapGet("/api/sources/{id}/polls", SourcesApi.Polls).Query(Limit).Produces<List<PollView>>()
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapPost("/api/discover", SourcesApi.Discover).RequireApiKey().Accepts<SourcesApi.DiscoverRequest>("application/json")
            .Produces<DiscoveryView>().Problems(StatusCodes.Status400BadRequest);
        app.MapOpenApi("/openapi.json");
        app.MapPost("/api/extract", ExtractApi.Extract).Accepts<ExtractApi.ExtractRequest>("application/json")
            .Produces<Core.Processing.PageReport>().Problems(StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge)
            .WithDescription($"A url needs the API key ({ApiKey.Header}): FeedHub fetches it. Pasted html fetches nothing and needs none.");
        app.MapPost("/api/listing", ListingApi.Preview).RequireApiKey().Accepts<ListingApi.ListingRequest>("application/json")
            .Produces<Core.Listings.ListingReport>().Problems(StatusCodes.Status400BadRequest);
        app.MapGet("/extract", ExtractPage.Render);
        app.MapConsole(); // the operator console under /console
        ServeSamples(app, http);
        return app;
    }

    private static readonly QueryParameterDoc Limit = new("limit", "How many, newest first (feeds: 1-500, default 50)", JsonSchemaType.Integer);
    private static readonly QueryParameterDoc Since = new("since", "Only articles dated at or after this date (ISO 8601, 2025-03-21 or 2025-03-21T09:14:00Z)");
    private static readonly QueryParameterDoc Sections = new("section", "A section slug; repeat for any of several", Repeatable: true);
    private static readonly QueryParameterDoc Source = new("source", "A source id: the articles that source lists");
    private static readonly QueryParameterDoc Words = new("q", "Words in the title or text, all required (word* for a prefix; at most 20 words, 4 prefixes)");

    /// <summary>
    /// What a feed URL answers: the feed (RSS, Atom or JSON Feed), a page about it for a browser, 304 to a conditional
    /// request, 400 for a bad parameter, 406 when no encoding the reader accepts is kept.
    /// </summary>
    private static RouteHandlerBuilder Feeds(this RouteHandlerBuilder builder) => builder
        .Produces<string>(StatusCodes.Status200OK, "application/atom+xml", ["application/rss+xml", "application/feed+json", "text/html"])
        .Produces(StatusCodes.Status304NotModified)
        .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status406NotAcceptable);

    /// <summary>The offline demo: config/samples served as static files under /samples/.</summary>
    private static void ServeSamples(WebApplication app, HttpOptions http)
    {
        if (string.IsNullOrWhiteSpace(http.SamplesPath)) return;
        var path = Path.GetFullPath(http.SamplesPath);
        if (!Directory.Exists(path))
        {
            app.Logger.LogWarning("Http.SamplesPath {Path} does not exist; /samples/ serves nothing", path);
            return;
        }
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(path), RequestPath = "/samples" });
    }
}
