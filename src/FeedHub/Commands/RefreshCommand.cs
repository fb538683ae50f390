using System.CommandLine;
using System.Diagnostics;
using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;

namespace FeedHub.Commands;

/// <summary>`feedhub refresh`: polls sources now, with the same code the scheduler runs.</summary>
internal static class RefreshCommand
{
    public static Command Create(Option<string> configOption)
    {
        var sources = new Option<string[]>("--source") { Description = "A source id to poll (repeat for more)", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Poll every enabled source" };
        var force = new Option<bool>("--force") { Description = "Fetch whole feeds (no conditional GET), and poll sources stopped by 410 Gone or disabled in the config" };
        var command = new Command("refresh", """
            Poll sources now, with the same code as the scheduler. One line per source; a progress line on a terminal.
            Examples:
              feedhub refresh --all
              feedhub refresh --source bbc-world --force
            """) { Options = { sources, all, force } };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            var wanted = parse.GetValue(sources) ?? [];
            if (wanted.Length == 0 && !parse.GetValue(all))
            {
                await Console.Error.WriteLineAsync("feedhub: refresh: name sources with --source ID, or poll them all with --all");
                return FeedHubCli.UsageOrConfigError;
            }
            var configured = configuration.Catalog.Sources.Select(configuration.ToSource).ToDictionary(s => s.Id);
            if (wanted.FirstOrDefault(id => !configured.ContainsKey(id)) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"feedhub: refresh: no source '{unknown}' in {configuration.FilePath}");
                return FeedHubCli.UsageOrConfigError;
            }
            var toPoll = wanted.Length > 0 ? wanted.Select(id => configured[id]).ToList() : configuration.EnabledSources().ToList();
            await using var services = CommandServices.Build(configuration);
            var poller = services.GetRequiredService<SourcePoller>();
            var failures = 0;
            for (var i = 0; i < toPoll.Count; i++)
            {
                var source = toPoll[i];
                if (!Console.IsOutputRedirected) Console.Write($"\r[{i + 1}/{toPoll.Count}] polling {source.Id}...".PadRight(Console.BufferWidth > 0 ? Math.Min(Console.BufferWidth - 1, 80) : 80));
                var watch = Stopwatch.StartNew();
                var outcome = await poller.PollAsync(source, cancellationToken, parse.GetValue(force));
                if (!Console.IsOutputRedirected) Console.Write('\r');
                if (outcome.Status is PollStatus.Failed or PollStatus.Disabled) failures++;
                var what = outcome.Status switch
                {
                    PollStatus.Updated => $"updated, {outcome.NewArticles} new articles"
                        + (outcome.LinkedArticles > 0 ? $", {outcome.LinkedArticles} linked to stories stored already" : ""),
                    PollStatus.NotModified => "not modified",
                    _ => $"{outcome.Status.ToString().ToLowerInvariant()}: {outcome.Error}",
                };
                Console.WriteLine($"{source.Id}: {what} ({watch.ElapsedMilliseconds} ms)".PadRight(Console.IsOutputRedirected ? 0 : 80));
            }
            return failures == 0 ? FeedHubCli.Ok : FeedHubCli.Failure;
        });
        return command;
    }
}
