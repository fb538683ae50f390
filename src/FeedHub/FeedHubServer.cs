using FeedHub.Core;
using FeedHub.Core.Configuration;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Publishing;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;
using FeedHub.Http;
using FeedHub.Http.OperatorConsole;
using FeedHub.Logging;
using FeedHub.Scheduling;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;

namespace FeedHub;

/// <summary>The `serve` host: Kestrel, the Quartz scheduler and the pipeline, on one set of wiring.</summary>
public static class FeedHubServer
{
    public static WebApplication Build(FeedHubConfiguration configuration)
    {
        // SQLite is one node: a second server on the same file is refused before it schedules anything.
        var storeLock = configuration.Store.Provider == StoreProvider.Sqlite ? StoreLock.Take(configuration.Store.Path) : null;
        try
        {
            return Build(configuration, storeLock);
        }
        catch
        {
            storeLock?.Dispose();
            throw;
        }
    }

    private static WebApplication Build(FeedHubConfiguration configuration, StoreLock? storeLock)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        // FeedHub's own file and FeedHub__ variables only, already validated (Logging included).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration.Configuration);
        builder.WebHost.UseUrls(configuration.Http.Url);
        // The console logger with all its formatters, so "Logging:Console:FormatterName": "json" gives one JSON object per line.
        // (Set here from the config: the slim builder's provider options don't pick the formatter up.)
        builder.Logging.ClearProviders();
        builder.Logging.AddFeedHubConsole(options =>
        {
            if (configuration.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter) options.FormatterName = formatter;
        });
        // The host logs a failure to start (a taken port) with its whole stack trace, then throws it to `feedhub serve`,
        // which prints it as one line (an unexpected one the runtime prints in full): before the start, its log adds only
        // the trace. Its other entries are errors after the start, kept, and Debug lifecycle lines Hosting.Lifetime repeats.
        var hostStarted = false;
        builder.Services.Configure<LoggerFilterOptions>(options => options.Rules.Add(
            new LoggerFilterRule(null, "Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Error, (_, _, _) => hostStarted)));

        builder.Services.AddFeedHubCore(configuration);
        if (storeLock is not null) builder.Services.AddSingleton(_ => storeLock);
        builder.Services.AddFeedHubScheduling(configuration);
        builder.Services.AddSingleton<MetricsBridge>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<WebSubPublisher>()); // pings the hub, if any
        builder.Services.AddOpenApi(OpenApiDescription.Configure);
        // The API's snake_case names (ApiJson), so that the schemas /openapi.json gives for bodies name the fields sent.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy);
        builder.Services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/problem+json"]);
        });

        builder.Services.AddConsoleSession(configuration); // the operator console's sign-in and anti-forgery tokens
        builder.Services.Configure<ForwardedHeadersOptions>(options => TrustProxies(options, configuration.Http.TrustedProxies));

        var app = builder.Build();
        // Made by the container's factory, so disposing the host lets the lock go (it holds until then).
        if (storeLock is not null) app.Services.GetRequiredService<StoreLock>();
        app.Lifetime.ApplicationStarted.Register(() => hostStarted = true);
        var database = app.Services.GetRequiredService<Database>();
        database.WorkerId = app.Services.GetRequiredService<WorkerIdentity>().Id; // source_polls.worker: Quartz's instance id
        database.Migrate();
        app.Services.GetRequiredService<MetricsBridge>(); // listens before the first poll, so no measurement is lost
        Health.PublishWorker(app.Services.GetRequiredService<WorkerIdentity>());
        var sources = app.Services.GetRequiredService<SourceStore>();
        sources.MarkRemoved(configuration.Catalog.Sources.Select(s => s.Id), TimeProvider.System.GetUtcNow()); // removed while no server ran
        var metrics = app.Services.GetRequiredService<PipelineMetrics>();
        var live = app.Services.GetRequiredService<LiveConfiguration>();
        metrics.ObserveSourcesInBackoff(() => SourceOverview.CountInBackoff(live.Current, sources)); // the sources in force now
        var feeds = app.Services.GetRequiredService<FeedCache>();
        metrics.ObserveFeedCache(() => feeds.Count, () => feeds.Bytes);
        var urls = app.Services.GetRequiredService<FeedUrls>();
        app.Lifetime.ApplicationStarted.Register(() => urls.Started(new Uri(app.Urls.First())));
        if (configuration.Http.TrustedProxies.Count > 0) app.UseForwardedHeaders();
        if (urls.IsGuessed)
            app.Logger.LogWarning("Http.Url {Url} listens on every interface and Http.PublicUrl is not set: published feeds link to {Base}; "
                + "set Http.PublicUrl to the address readers use", configuration.Http.Url, urls.Base);
        app.UseSecurityHeaders(); // nosniff, no framing and a Content-Security-Policy on every answer
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = StatusCodeProblems.WriteFailure }); // logged, answered with a problem body
        app.UseStatusCodePages(StatusCodeProblems.Write); // an error no handler wrote a body for still gets a problem body
        app.UseAuthentication(); // the console's session cookie
        // Feeds keep their compressed bodies with the rendered feed (FeedResponse); the middleware would compress per request.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/feeds"), other => other.UseResponseCompression());
        app.MapFeedHubRoutes(configuration.Http);
        return app;
    }

    /// <summary>
    /// X-Forwarded-For/-Proto from the listed proxies only (ASP.NET's defaults would trust loopback). Published URLs
    /// don't depend on them: they come from Http.PublicUrl (<see cref="FeedUrls"/>).
    /// </summary>
    private static void TrustProxies(ForwardedHeadersOptions options, IReadOnlyList<string> proxies)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            if (System.Net.IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
            else options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
        }
    }
}
