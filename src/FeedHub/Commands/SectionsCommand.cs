using System.CommandLine;
using FeedHub.Core;
using FeedHub.Core.Configuration;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;

namespace FeedHub.Commands;

/// <summary>`feedhub sections apply`: puts every stored article through the section rules in force.</summary>
internal static class SectionsCommand
{
    public static Command Create(Option<string> configOption)
    {
        var apply = new Command("apply", "Apply the configured section rules to every stored article (a running server does this on each config change).");
        apply.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var services = CommandServices.Build(configuration);
            var changed = await services.GetRequiredService<Resectioner>().ApplyAsync(configuration, cancellationToken);
            Console.WriteLine($"{changed} articles changed sections");
            return FeedHubCli.Ok;
        });
        return new Command("sections", "Work with sections.") { Subcommands = { apply } };
    }
}

/// <summary>The pipeline's wiring for one-shot commands: the same AddFeedHubCore as the server, with a migrated store.</summary>
internal static class CommandServices
{
    public static ServiceProvider Build(FeedHubConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.Configuration.GetSection("Logging")).AddSimpleConsole());
        services.AddFeedHubCore(configuration);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<Database>().Migrate();
        return provider;
    }
}
