using System.CommandLine;
using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;

namespace FeedHub.Commands;

/// <summary>`feedhub sources ...`: list and change the configured sources (the config file is edited safely).</summary>
internal static class SourcesCommand
{
    public static Command Create(Option<string> configOption)
    {
        var format = Output.FormatOption();
        var list = new Command("list", "The configured sources with their status.\nExample: feedhub sources list --format csv") { Options = { format } };
        list.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var services = CommandServices.Build(configuration);
            var overview = SourceOverview.For(configuration, services.GetRequiredService<SourceStore>(), services.GetRequiredService<ArticleStore>());
            Output.Write(["id", "status", "enabled", "interval", "sections", "articles", "url"],
                overview.Select(s =>
                    new object?[] { s.Id, s.StatusText, s.Enabled, s.Interval, s.Sections, s.ArticleCount, s.Url }).ToList(), parse.GetValue(format)!);
            return FeedHubCli.Ok;
        });

        var showId = new Argument<string>("id");
        var show = new Command("show", "One source: its settings and state.\nExample: feedhub sources show bbc-world") { Arguments = { showId } };
        show.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var services = CommandServices.Build(configuration);
            var source = SourceOverview.For(configuration, services.GetRequiredService<SourceStore>(), services.GetRequiredService<ArticleStore>())
                .FirstOrDefault(s => s.Id == parse.GetValue(showId));
            if (source is null) return await NoSuchSource(parse.GetValue(showId)!);
            foreach (var (label, value) in new (string, object?)[]
                     {
                         ("id", source.Id), ("name", source.Name), ("url", source.Url), ("polled at", source.UrlPolled), ("enabled", source.Enabled),
                         ("sections", source.Sections), ("interval", source.Interval), ("status", source.StatusText), ("articles", source.ArticleCount),
                         ("last success", source.LastSuccessAt), ("last fetch", source.LastFetchAt), ("next check", source.NextCheckAt),
                         ("failures", source.ConsecutiveFailures), ("last error", source.LastError), ("stopped because", source.DisabledReason),
                         ("feed format", source.FeedFormat), ("feed warning", source.FeedWarning),
                     })
                Console.WriteLine($"{label,-16}{Output.Text(value)}");
            return FeedHubCli.Ok;
        });

        var id = new Option<string>("--id") { Description = "A unique, stable id (letters, digits, . _ -)", Required = true };
        var url = new Option<string>("--url") { Description = "The feed's http(s) URL", Required = true };
        var name = new Option<string?>("--name") { Description = "A display name" };
        var sections = new Option<string[]>("--section") { Description = "A section slug (repeat for more)", AllowMultipleArgumentsPerToken = true };
        var interval = new Option<string?>("--interval") { Description = "Polling interval, hh:mm:ss" };
        var disabled = new Option<bool>("--disabled") { Description = "Add it without polling it yet" };
        var kind = new Option<string?>("--kind") { Description = "feed (the default) or page: an HTML page whose article links are the entries" };
        var add = new Command("add", """
            Add a source to the config file (the other settings, the order and the comments stay; a running server picks it up).
            Example: feedhub sources add --id bbc-world --url https://feeds.bbci.co.uk/news/world/rss.xml --section world --interval 00:30:00
                     feedhub sources add --id gsm-defense --url https://news.example.com/world-defense/ --kind page --section world-defense
            """) { Options = { id, url, name, sections, interval, disabled, kind } };
        add.SetAction(parse =>
        {
            TimeSpan? every = null;
            if (parse.GetValue(interval) is { } text)
            {
                if (!FeedHubConfiguration.TryParseDuration(text, out var parsed)) // "3" is not three days, as in the file
                {
                    Console.Error.WriteLine($"feedhub: sources add: --interval '{text}' is not a duration such as 00:30:00");
                    return FeedHubCli.UsageOrConfigError;
                }
                every = parsed;
            }
            var path = parse.GetValue(configOption)!;
            SourcesFile.Add(path, new SourceOptions
            {
                Id = parse.GetValue(id)!, Url = parse.GetValue(url)!, Name = parse.GetValue(name),
                Sections = [.. parse.GetValue(sections) ?? []], Interval = every, Enabled = !parse.GetValue(disabled),
                Kind = parse.GetValue(kind),
            });
            Console.WriteLine($"added {parse.GetValue(id)} to {path}");
            return FeedHubCli.Ok;
        });

        return new Command("sources", "List and change the configured sources.")
        {
            Subcommands =
            {
                list, show, add,
                Edit("remove", "Remove a source from the config file (its stored articles stay).", configOption, (path, sourceId) => SourcesFile.Remove(path, sourceId), "removed"),
                Edit("enable", "Poll a source again.", configOption, (path, sourceId) => SourcesFile.SetEnabled(path, sourceId, true), "enabled"),
                Edit("disable", "Stop polling a source (it stays configured, its articles stay).", configOption, (path, sourceId) => SourcesFile.SetEnabled(path, sourceId, false), "disabled"),
                SourceEditCommands.Edit(configOption),
                SourceEditCommands.Discover(configOption),
                SourceEditCommands.Polls(configOption),
                OpmlCommands.Import(configOption),
                OpmlCommands.Export(configOption),
            },
        };
    }

    private static Command Edit(string verb, string description, Option<string> configOption, Action<string, string> edit, string done)
    {
        var id = new Argument<string>("id") { Description = "The source's id" };
        var command = new Command(verb, description + $"\nExample: feedhub sources {verb} bbc-world") { Arguments = { id } };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(configOption)!;
            edit(path, parse.GetValue(id)!);
            Console.WriteLine($"{done} {parse.GetValue(id)} in {path}");
            return FeedHubCli.Ok;
        });
        return command;
    }

    private static async Task<int> NoSuchSource(string id)
    {
        await Console.Error.WriteLineAsync($"feedhub: no source '{id}'; 'feedhub sources list' shows them");
        return FeedHubCli.UsageOrConfigError;
    }
}
