using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeedHub.Core.Fetching;
using FeedHub.Core.Listings;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Commands;

/// <summary>
/// `feedhub parse URL|FILE`: what FeedHub reads from a feed, exactly as a poll would (same fetcher, network guard,
/// caps and parser): its format, whether it was read leniently and why, each entry's id, dates and link; or why it
/// is not a feed. For operators checking a source before adding it, or finding out why one stores nothing.
/// </summary>
internal static class ParseCommand
{
    private static readonly JsonSerializerOptions Json = new(ApiJson.Options) { WriteIndented = true };

    public static Command Create(Option<string> configOption)
    {
        var input = new Argument<string>("input") { Description = "A feed URL, or a feed file" };
        var baseUrl = new Option<string?>("--base-url") { Description = "The URL a feed file was fetched from: relative links resolve against it" };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var explain = new Option<bool>("--explain") { Description = "For a page: also list each link left out, and why" };
        var items = new Option<string?>("--items") { Description = "For a page: the CSS selector of each article's block, as a source's Items" };
        var link = new Option<string?>("--link") { Description = "With --items: the article's link inside a block" };
        var title = new Option<string?>("--title") { Description = "With --items: the headline inside a block" };
        var date = new Option<string?>("--date") { Description = "With --items: the date inside a block" };
        var command = new Command("parse", """
            Show what FeedHub reads from a feed: its format, each entry's id, date, title and link, and whether the
            document was read leniently (and why), or why it is not a feed (an HTML page names the feeds it links).
            On an HTML page, the entries a page source ("Kind": "page") would take from it: each article link with
            the title and date the listing shows, or why the page is not a listing; --explain adds every link left
            out and why.
            Examples:
              feedhub parse https://feeds.bbci.co.uk/news/world/rss.xml
              feedhub parse saved-feed.xml --base-url https://example.com/feed.xml --format json
              feedhub parse https://news.example.com/world-defense/ --explain
            """)
        {
            Arguments = { input },
            Options = { baseUrl, format, explain, items, link, title, date },
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubCli.LoadConfigurationOrDefaults(parse, configOption);
            var given = parse.GetValue(input)!;
            byte[] body;
            string? contentType = null;
            Uri documentUrl;
            if (WebUrl.Parse(given) is { } url)
            {
                using var fetcher = new FeedFetcher(configuration.Polling, new NetworkGuard(configuration.Network), TimeProvider.System, configuration.Http);
                switch (await fetcher.FetchFeedAsync(url, null, null, cancellationToken))
                {
                    case FetchResult.Fetched fetched:
                        (body, contentType, documentUrl) = (fetched.Body, fetched.ContentType, fetched.Url);
                        break;
                    case FetchResult.Failed failed:
                        await Console.Error.WriteLineAsync($"feedhub: {given}: {failed.Message}");
                        return FeedHubCli.Failure;
                    default:
                        await Console.Error.WriteLineAsync($"feedhub: {given}: unexpected answer");
                        return FeedHubCli.Failure;
                }
            }
            else if (File.Exists(given))
            {
                body = await File.ReadAllBytesAsync(given, cancellationToken);
                documentUrl = parse.GetValue(baseUrl) is { } b && Uri.TryCreate(b, UriKind.Absolute, out var fileBase)
                    ? fileBase : new Uri(Path.GetFullPath(given));
            }
            else
            {
                await Console.Error.WriteLineAsync($"feedhub: {given}: neither an http(s) URL nor an existing file");
                return FeedHubCli.UsageOrConfigError;
            }
            var parsed = new FeedParser().Parse(body, contentType, documentUrl);
            var html = parse.GetValue(items) is not null || parsed is Core.Parsing.ParseResult.NotAFeed ? TextDecoder.DecodeHtml(body, contentType) : null;
            if (html is not null && ListingReader.LooksLikeHtml(html))
            {
                var selectors = parse.GetValue(items) is { } itemSelector
                    ? new ListingSelectors(itemSelector, parse.GetValue(link), parse.GetValue(title), parse.GetValue(date)) : null;
                var (listing, _) = ListingReader.Read(html, documentUrl, selectors);
                var asFeed = parsed as Core.Parsing.ParseResult.NotAFeed;
                // A page that is no listing either is, unless the page reading was asked for, the "not a feed" it always was, with both reasons.
                if (listing.IsListing || selectors is not null || parse.GetValue(explain))
                {
                    ListingPreview.Write(listing, asFeed, parse.GetValue(format)!, parse.GetValue(explain));
                    return listing.IsListing ? FeedHubCli.Ok : FeedHubCli.Failure;
                }
                await Console.Error.WriteLineAsync($"feedhub: {given}: {asFeed?.Reason}\nfeedhub: {given}: as a page source: {listing.Status}");
                return FeedHubCli.Failure;
            }
            switch (parsed)
            {
                case Core.Parsing.ParseResult.NotAFeed notAFeed:
                    await Console.Error.WriteLineAsync($"feedhub: {given}: {notAFeed.Reason}");
                    return FeedHubCli.Failure;
                case Core.Parsing.ParseResult.Parsed { Feed: var feed }:
                    if (parse.GetValue(format) == "json") Console.WriteLine(JsonSerializer.Serialize(Report(feed), Json));
                    else WriteTable(feed);
                    return FeedHubCli.Ok;
                default:
                    return FeedHubCli.Failure;
            }
        });
        return command;
    }

    private static void WriteTable(ParsedFeed feed)
    {
        Console.WriteLine($"{feed.Format}, {feed.Encoding}, {feed.Entries.Count} entries: {feed.Title} {feed.Link}".TrimEnd());
        if (feed.IllFormed is not null) Console.WriteLine($"read leniently, as the document is {feed.IllFormed}");
        Console.WriteLine();
        Output.Write(["id", "published", "title", "link"],
            feed.Entries.Select(e => new object?[] { e.Guid, e.Published ?? e.Updated, e.Title, e.Link?.AbsoluteUri }).ToList(), "table");
    }

    private static object Report(ParsedFeed feed) => new
    {
        feed.Format, feed.Encoding, feed.IllFormed, feed.Title, Link = feed.Link?.AbsoluteUri, Ttl = feed.Ttl?.TotalMinutes,
        Entries = feed.Entries.Select(e => new
        {
            Id = e.Guid, FeedId = e.Id, Link = e.Link?.AbsoluteUri, CanonicalUrl = CanonicalUrl.ForStory(null, e.Link)?.AbsoluteUri,
            e.Title, e.Published, e.Updated, e.Author, e.Categories,
            Enclosures = e.Enclosures.Select(x => new { x.Href, x.Type, x.Length }), e.Comments, e.Summary, e.ContentHtml,
        }),
    };
}
