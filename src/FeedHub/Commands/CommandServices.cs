using FeedHub.Core;
using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Logging;

namespace FeedHub.Commands;

/// <summary>The pipeline's wiring for one-shot commands: the same AddFeedHubCore as the server, with a migrated store.</summary>
internal static class CommandServices
{
    public static ServiceProvider Build(FeedHubConfiguration configuration)
    {
        var services = new ServiceCollection();
        // Logs go to standard error, so that a command's output on standard output stays data.
        services.AddLogging(logging => logging.AddConfiguration(configuration.Configuration.GetSection("Logging"))
            .AddFeedHubConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddFeedHubCore(configuration);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<Database>().Migrate();
        // The config this command loaded is the one in force: a source an edit removed is marked so in the store at once.
        if (File.Exists(configuration.FilePath)) // not the defaults of a command run without a config, which list no source
            provider.GetRequiredService<SourceStore>().MarkRemoved(configuration.Catalog.Sources.Select(s => s.Id), TimeProvider.System.GetUtcNow());
        return provider;
    }
}
