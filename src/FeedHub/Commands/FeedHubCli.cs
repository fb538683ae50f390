using System.CommandLine;
using FeedHub.Core.Configuration;

namespace FeedHub.Commands;

/// <summary>The `feedhub` command line: one executable, one subcommand per job.</summary>
public static class FeedHubCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int UsageOrConfigError = 2;

    /// <summary>The configuration file when there is one; without one (the default path missing), the defaults.</summary>
    internal static FeedHubConfiguration LoadConfigurationOrDefaults(System.CommandLine.ParseResult parse, Option<string> configOption)
    {
        var path = parse.GetValue(configOption)!;
        var given = parse.GetResult(configOption) is { Implicit: false };
        return given || File.Exists(path) ? FeedHubConfiguration.Load(path) : FeedHubConfiguration.Defaults();
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var configOption = new Option<string>("--config")
        {
            Description = "The configuration file",
            DefaultValueFactory = _ => FeedHubConfiguration.DefaultPath,
            Recursive = true,
        };
        var root = new RootCommand("FeedHub: polls feeds, extracts full articles, publishes section feeds.")
        {
            Options = { configOption },
            Subcommands = { ServeCommand.Create(configOption), SectionsCommand.Create(configOption), ExtractCommand.Create(configOption),
                ParseCommand.Create(configOption), HealthCommand.Create(configOption), StoreCommands.Status(configOption), StoreCommands.Articles(configOption),
                StoreCommands.Query(configOption), StoreCommands.ConfigCheck(configOption), StoreCommands.Db(configOption),
                RefreshCommand.Create(configOption), ReextractCommand.Create(configOption),
                SearchCommand.Create(configOption), SourcesCommand.Create(configOption),
                SourceEditCommands.ConsoleVerbs(configOption) },
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync($"feedhub: {error.Message}");
            await Console.Error.WriteLineAsync("Run 'feedhub --help' for usage.");
            return UsageOrConfigError;
        }
        try
        {
            // The host handles SIGINT/SIGTERM for `serve`; don't let the parser race it.
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"feedhub: configuration error: {e.Message}");
            return UsageOrConfigError;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException
                                      or System.Data.Common.DbException)
        {
            // Expected ways to fail at start (port taken, store unwritable, store too new): one clear line, no trace.
            await Console.Error.WriteLineAsync($"feedhub: {e.Message}");
            return Failure;
        }
    }
}
