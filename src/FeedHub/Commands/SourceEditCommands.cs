using System.CommandLine;
using FeedHub.Core.Configuration;
using FeedHub.Core.Listings;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;

namespace FeedHub.Commands;

/// <summary>
/// `feedhub sources edit|discover|polls`: the same edits, discovery and poll history as the console and the API
/// (<see cref="SourcesFile.Edit"/>, <see cref="FeedDiscovery"/>, <see cref="PollHistory"/>).
/// </summary>
internal static class SourceEditCommands
{
    public static Command Edit(Option<string> configOption)
    {
        var id = new Argument<string>("id") { Description = "The source's id" };
        var name = new Option<string?>("--name") { Description = "A display name (\"\" removes it)" };
        var url = new Option<string?>("--url") { Description = "The feed's http(s) URL (accepts a permanent move, or brings back a source stopped by 410)" };
        var sections = new Option<string[]?>("--section") { Description = "A section slug (repeat for more); replaces the source's sections", AllowMultipleArgumentsPerToken = true };
        var interval = new Option<string?>("--interval") { Description = "Polling interval, hh:mm:ss; \"default\" removes the source's own" };
        var enabled = new Option<bool?>("--enabled") { Description = "true or false" };
        var command = new Command("edit", """
            Change some fields of a source in the config file; the others, and its comments, stay as written.
            Examples:
              feedhub sources edit bbc-world --interval 01:00:00 --section world --section uk
              feedhub sources edit bbc-world --url https://feeds.bbci.co.uk/news/world/rss.xml
            """) { Arguments = { id }, Options = { name, url, sections, interval, enabled } };
        command.SetAction(async parse =>
        {
            var path = parse.GetValue(configOption)!;
            TimeSpan? every = null;
            var text = parse.GetValue(interval);
            if (text is not null and not "default")
            {
                if (!FeedHubConfiguration.TryParseDuration(text, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"feedhub: --interval '{text}' is not a duration such as 00:30:00 (hh:mm:ss)");
                    return FeedHubCli.UsageOrConfigError;
                }
                every = parsed;
            }
            SourcesFile.Edit(path, parse.GetValue(id)!, new SourceEdit
            {
                Name = parse.GetValue(name), Url = parse.GetValue(url), Sections = parse.GetValue(sections), Interval = every,
                ClearInterval = text == "default", Enabled = parse.GetValue(enabled),
            });
            Console.WriteLine($"edited {parse.GetValue(id)} in {path}");
            return FeedHubCli.Ok;
        });
        return command;
    }

    public static Command Discover(Option<string> configOption)
    {
        var address = new Argument<string>("address") { Description = "A feed URL or a site's address" };
        var command = new Command("discover", """
            Find the feed behind an address (the address itself, the feeds its page links, then /feed, /rss.xml, /atom.xml,
            /feed.xml, /index.xml) and print it (URL, format, title), with every URL tried. With no feed, the address's
            page is read as a listing: when it lists articles it is printed with the format html-listing (add it with
            --kind page) and the entries a page source would take. Exit 1 when there is neither a feed nor a listing.
            Example: feedhub sources discover https://example.com/
            """) { Arguments = { address } };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (WebUrl.Parse(parse.GetValue(address)!) is not { } url)
            {
                await Console.Error.WriteLineAsync($"feedhub: '{parse.GetValue(address)}' is not an http(s) URL");
                return FeedHubCli.UsageOrConfigError;
            }
            var configuration = FeedHubCli.LoadConfigurationOrDefaults(parse, configOption);
            await using var services = CommandServices.Build(configuration);
            var discovery = await services.GetRequiredService<FeedDiscovery>().DiscoverAsync(url, cancellationToken);
            foreach (var attempt in discovery.Tried) await Console.Error.WriteLineAsync($"tried {attempt.Url}: {attempt.Outcome}");
            if (discovery.Feed is { } feed)
            {
                Console.WriteLine($"{discovery.FeedUrl}\t{feed.Format}\t{feed.Title}");
                return FeedHubCli.Ok;
            }
            if (!discovery.FollowsPage)
            {
                await Console.Error.WriteLineAsync($"feedhub: no feed found, and the page is {discovery.Listing?.Status ?? "not a listing"}");
                return FeedHubCli.Failure;
            }
            var listing = discovery.Listing!;
            await Console.Error.WriteLineAsync($"no feed found; the page itself is {listing.Status}, which FeedHub can follow as a page source:");
            foreach (var item in listing.Items)
                await Console.Error.WriteLineAsync($"  {(item.Published is { } date ? Output.Text(date) : "(no date)"),-20}  {item.Title}  {item.Url.AbsoluteUri}");
            await Console.Error.WriteLineAsync($"add it with: feedhub sources add --kind page --id ID --url {discovery.PageUrl!.AbsoluteUri}");
            Console.WriteLine($"{discovery.PageUrl.AbsoluteUri}\t{ListingReader.Format}\t{listing.Title}");
            return FeedHubCli.Ok;
        });
        return command;
    }

    public static Command Polls(Option<string> configOption)
    {
        var id = new Argument<string>("id") { Description = "The source's id" };
        var limit = new Option<int>("--limit") { Description = "How many polls, newest first (1-500)", DefaultValueFactory = _ => 20 }
            .AcceptOnly(1, 500, "--limit must be from 1 to 500");
        var format = Output.FormatOption();
        var command = new Command("polls", "A source's recent polls: time, outcome, HTTP status, bytes, duration, new articles, error.\nExample: feedhub sources polls bbc-world --limit 5")
        { Arguments = { id }, Options = { limit, format } };
        command.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var services = CommandServices.Build(configuration);
            var polls = services.GetRequiredService<PollHistory>().FindRecent(parse.GetValue(id)!, parse.GetValue(limit));
            // A mistyped id printed an empty table and exit 0, as if the source had never been polled; a removed source's
            // history is still shown.
            if (polls.Count == 0 && configuration.Catalog.Sources.All(s => s.Id != parse.GetValue(id)))
            {
                await Console.Error.WriteLineAsync($"feedhub: sources polls: no source '{parse.GetValue(id)}' in {configuration.FilePath}, and no polls of one in the store");
                return FeedHubCli.UsageOrConfigError;
            }
            Output.Write(["polled_at", "outcome", "http_status", "bytes", "duration_ms", "new_articles", "error"],
                polls.Select(p =>
                    new object?[]
                    {
                        p.PolledAt, p.OutcomeText, p.HttpStatus, p.Bytes, (long)p.Duration.TotalMilliseconds, p.NewArticles, p.Error,
                    }).ToList(),
                parse.GetValue(format)!);
            return FeedHubCli.Ok;
        });
        return command;
    }

    /// <summary>`feedhub console hash-password`: reads a password from standard input and prints the value for Console.PasswordHash.</summary>
    public static Command ConsoleVerbs(Option<string> configOption)
    {
        var hash = new Command("hash-password", """
            Read the console password from standard input (one line; not echoed on a terminal) and print its hash for
            Console.PasswordHash (or FeedHub__Console__PasswordHash). The config keeps only the hash.
            Example: feedhub console hash-password < password.txt
            """);
        hash.SetAction(async _ =>
        {
            var password = System.Console.IsInputRedirected ? System.Console.In.ReadLine() : ReadHidden();
            if (string.IsNullOrEmpty(password) || password.Length < 8)
            {
                await System.Console.Error.WriteLineAsync("feedhub: the password must be at least 8 characters");
                return FeedHubCli.UsageOrConfigError;
            }
            System.Console.WriteLine(PasswordHash.Hash(password));
            return FeedHubCli.Ok;
        });
        return new Command("console", "The operator console at /console.") { Subcommands = { hash } };
    }

    private static string ReadHidden()
    {
        System.Console.Error.Write("Password: ");
        var typed = new System.Text.StringBuilder();
        for (var key = System.Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = System.Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0) typed.Length--;
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        System.Console.Error.WriteLine();
        return typed.ToString();
    }
}
