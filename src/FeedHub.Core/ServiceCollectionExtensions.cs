using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Fetching;
using FeedHub.Core.Metrics;
using FeedHub.Core.Parsing;
using FeedHub.Core.Processing;
using FeedHub.Core.Publishing;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The pipeline's wiring, shared by every command. The configuration comes in already
    /// loaded and validated (<see cref="FeedHubConfiguration.Load"/>), so its parts are
    /// registered as they are.
    /// </summary>
    public static IServiceCollection AddFeedHubCore(this IServiceCollection services, FeedHubConfiguration configuration)
    {
        services.AddSingleton(configuration);
        services.AddSingleton<LiveConfiguration>();
        services.AddSingleton(configuration.Store);
        services.AddSingleton(configuration.Http);
        services.AddSingleton(configuration.Polling);
        services.AddSingleton(configuration.Network);
        services.AddSingleton(configuration.SiteRules);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineMetrics>();

        services.AddSingleton<NetworkGuard>();
        services.AddSingleton<FeedFetcher>();
        services.AddSingleton<RobotsPolicy>();
        services.AddSingleton<FeedParser>();
        services.AddSingleton<ContentSanitizer>();
        services.AddSingleton<ArticleExtractor>();
        services.AddSingleton<PageBacklog>();
        services.AddSingleton<PageExtractor>();
        services.AddSingleton<ArticleBuilder>();
        services.AddSingleton<SourcePoller>();
        services.AddSingleton<FeedDiscovery>();
        services.AddSingleton<Reextractor>();
        services.AddSingleton<SourceBatchPoller>();

        services.AddSingleton<Database>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<SectionChanges>();
        services.AddSingleton<Retention>();
        services.AddSingleton<PollHistory>();
        services.AddSingleton<PollStore>();

        services.AddSingleton<Resectioner>();
        services.AddSingleton<FeedUrls>();
        services.AddSingleton<FeedWriter>();
        services.AddSingleton<FeedCache>();
        services.AddSingleton<FeedPublisher>();
        services.AddSingleton<WebSubPublisher>();
        return services;
    }
}
