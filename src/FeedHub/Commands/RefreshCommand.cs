using System.CommandLine;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
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
            Poll sources now, with the same code and limits as the scheduler (several at once). One line per source, in
            the order given; a progress line on a terminal.
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
            var failures = 0;
            var finished = new Dictionary<string, (PollOutcome Outcome, TimeSpan Elapsed)>();
            var printed = 0;
            // As the scheduler polls: several sources at once, within the same limits (Polling.MaxConcurrentPolls, requests per
            // host). The lines still come in the order of the sources, each as soon as those before it are done.
            await foreach (var (source, outcome, elapsed) in services.GetRequiredService<SourceBatchPoller>()
                .PollAllAsync(toPoll, parse.GetValue(force), cancellationToken))
            {
                finished[source.Id] = (outcome, elapsed);
                if (outcome.Status is PollStatus.Failed or PollStatus.Disabled) failures++;
                for (; printed < toPoll.Count && finished.Remove(toPoll[printed].Id, out var next); printed++)
                    PrintLine(toPoll[printed], next.Outcome, next.Elapsed);
                if (!Console.IsOutputRedirected && printed < toPoll.Count)
                    Console.Write($"\r[{finished.Count + printed}/{toPoll.Count}] polled...".PadRight(Console.BufferWidth > 0 ? Math.Min(Console.BufferWidth - 1, 80) : 80));
            }
            return failures == 0 ? FeedHubCli.Ok : FeedHubCli.Failure;
        });
        return command;
    }

    private static void PrintLine(Source source, PollOutcome outcome, TimeSpan elapsed)
    {
        var what = outcome.Status switch
        {
            PollStatus.Updated => $"updated, {outcome.NewArticles} new articles"
                + (outcome.LinkedArticles > 0 ? $", {outcome.LinkedArticles} linked to stories stored already" : ""),
            PollStatus.NotModified => "not modified",
            _ => $"{outcome.Status.ToString().ToLowerInvariant()}: {outcome.Error}",
        };
        if (!Console.IsOutputRedirected) Console.Write('\r');
        Console.WriteLine($"{source.Id}: {what} ({elapsed.TotalMilliseconds:0} ms)".PadRight(Console.IsOutputRedirected ? 0 : 80));
    }
}
