using FeedHub.Core.Configuration;
using FeedHub.Core.Publishing;
using Microsoft.Extensions.FileProviders;
using FeedHub.Http.OperatorConsole;
using Prometheus;

namespace FeedHub.Http;

/// <summary>The route table, in one place. Handlers are named static methods in this folder.</summary>
public static class Routes
{
    public static WebApplication MapFeedHubRoutes(this WebApplication app, HttpOptions http)
    {
        app.MapGet("/", IndexPage.Render);
        app.MapGet("/healthz", Health.Alive);
        app.MapGet("/readyz", Health.Ready);
        app.MapMetrics("/metrics"); // Prometheus text format: FeedHub's meter, plus .NET and ASP.NET Core's own
        app.MapGet(FeedUrls.StylesheetPath, SectionFeeds.Stylesheet);
        app.MapMethods("/feeds/{section}.{format}", [HttpMethods.Get, HttpMethods.Head], SectionFeeds.Section);
        app.MapMethods("/feeds", [HttpMethods.Get, HttpMethods.Head], SectionFeeds.Query);
        app.MapGet("/api/sources", ReadApi.Sources);
        app.MapGet("/api/sections", ReadApi.Sections);
        app.MapGet("/api/articles", ReadApi.Articles);
        app.MapGet("/api/articles/{id}", ReadApi.Article);
        app.MapGet("/api/search", ReadApi.Search);
        app.MapPost("/api/sources/{id}/refresh", ReadApi.Refresh);
        app.MapPost("/api/sources", SourcesApi.Add);
        app.MapDelete("/api/sources/{id}", SourcesApi.Remove);
        app.MapPatch("/api/sources/{id}", SourcesApi.Edit);
        app.MapGet("/api/sources/{id}/polls", SourcesApi.Polls);
        app.MapPost("/api/discover", SourcesApi.Discover);
        app.MapOpenApi("/openapi.json");
        app.MapPost("/api/extract", ExtractApi.Extract);
        app.MapPost("/api/listing", ListingApi.Preview);
        app.MapGet("/extract", ExtractPage.Render);
        app.MapConsole(); // the operator console under /console
        ServeSamples(app, http);
        return app;
    }

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
