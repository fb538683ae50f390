using System.CommandLine;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Fetching;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;

namespace FeedHub.Commands;

/// <summary>
/// `feedhub extract URL|FILE|DIR|- ...`: the extraction polling uses, on pages of the operator's choosing,
/// one at a time for a person or in batch for scripts.
/// </summary>
internal static class ExtractCommand
{
    private static readonly string[] PageExtensions = [".html", ".htm", ".html.gz", ".htm.gz"];
    private static readonly JsonSerializerOptions IndentedJson = new(ApiJson.Options) { WriteIndented = true };

    public static Command Create(Option<string> configOption)
    {
        var inputs = new Argument<string[]>("input")
        {
            Description = "URLs, HTML files (.html, .html.gz), directories of them, or - to read paths from standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string?>("--format") { Description = "text, html, json or ndjson (default: text on a terminal, ndjson otherwise)" };
        format.AcceptOnlyFromAmong("text", "html", "json", "ndjson");
        var baseUrl = new Option<string?>("--base-url") { Description = "The page URL of a local file: relative links, site rules and the URL-path section use it" };
        baseUrl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && WebUrl.Parse(value) is null)
                result.AddError($"--base-url '{value}' is not an absolute http:// or https:// URL");
        });
        var rules = new Option<FileInfo?>("--rules") { Description = "Try the site rules in this file instead of config/extraction-rules.json" };
        var command = new Command("extract", """
            Show what FeedHub extracts from pages: title, byline, dates, sections with their origin, the headings and the body.
            Examples:
              feedhub extract https://news.example.com/story/
              feedhub extract page.html --base-url https://news.example.com/world/story/ --format json
              feedhub extract pages/ --format ndjson > results.ndjson
              find . -name '*.html.gz' | feedhub extract - --rules my-rules.json
            """)
        {
            Arguments = { inputs },
            Options = { format, baseUrl, rules },
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubCli.LoadConfigurationOrDefaults(parse, configOption);
            var sanitizer = new ContentSanitizer();
            var siteRules = parse.GetValue(rules) is { } rulesFile ? SiteRules.Load(rulesFile.FullName) : configuration.SiteRules;
            using var fetcher = new FeedFetcher(configuration.Polling, new NetworkGuard(configuration.Network), TimeProvider.System, configuration.Http);
            using var metrics = new PipelineMetrics();
            var pages = new PageExtractor(new RobotsPolicy(fetcher, configuration.Polling, TimeProvider.System),
                new ArticleExtractor(sanitizer, siteRules), new PageBacklog(configuration.Polling), metrics, configuration.Polling, TimeProvider.System);
            var output = parse.GetValue(format) ?? (Console.IsOutputRedirected ? "ndjson" : "text");
            var failures = 0;
            var first = true;
            foreach (var input in ExpandInputs(parse.GetValue(inputs)!))
            {
                var pageUrl = parse.GetValue(baseUrl) is { } value ? new Uri(value) : null;
                var report = await ExtractAsync(pages, input, pageUrl, cancellationToken);
                if (report.Outcome.Kind == ExtractionKind.Error) failures++;
                Write(report, output, first);
                first = false;
            }
            return failures == 0 ? FeedHubCli.Ok : FeedHubCli.Failure;
        });
        return command;
    }

    private static IEnumerable<string> ExpandInputs(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (input == "-")
            {
                while (Console.In.ReadLine() is { } line)
                    if (line.Trim() is { Length: > 0 } path) yield return path;
            }
            else if (Directory.Exists(input))
            {
                foreach (var file in Directory.EnumerateFiles(input).Where(IsPageFile).Order(StringComparer.Ordinal)) yield return file;
            }
            else
            {
                yield return input;
            }
        }
    }

    /// <summary>
    /// Whether a file named without a page's extension is a page all the same: HTML starts with markup (a doctype, a
    /// comment or a tag). A README, a log or a feed's JSON would otherwise be "extracted" as a page of plain text.
    /// </summary>
    private static bool StartsWithMarkup(string text) => text.AsSpan().TrimStart().TrimStart('\uFEFF') is ['<', not '?', ..];

    private static bool IsPageFile(string path) => PageExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static async Task<PageReport> ExtractAsync(PageExtractor pages, string input, Uri? baseUrl, CancellationToken cancellationToken)
    {
        if (WebUrl.Parse(input) is { } url)
            return PageReport.From(input, await pages.FromUrlAsync(url, cancellationToken));
        try
        {
            var bytes = await ReadPageAsync(input, cancellationToken);
            var html = TextDecoder.DecodeHtml(bytes, null);
            if (!IsPageFile(input) && !StartsWithMarkup(html))
                return PageReport.Error(input, "not an HTML page: the file's text starts with no markup (give a page saved as .html, .htm or .html.gz)");
            var pageUrl = baseUrl ?? new Uri(Path.GetFullPath(input));
            return PageReport.From(input, await pages.FromHtmlAsync(html, pageUrl, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return PageReport.Error(input, e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
                InvalidDataException => "not a valid gzip file",
                _ => e.Message,
            });
        }
    }

    private static async Task<byte[]> ReadPageAsync(string path, CancellationToken cancellationToken)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return await File.ReadAllBytesAsync(path, cancellationToken);
        await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        await gzip.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static void Write(PageReport report, string format, bool first)
    {
        switch (format)
        {
            case "ndjson":
                Console.WriteLine(JsonSerializer.Serialize(report, ApiJson.Options));
                break;
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(report, IndentedJson));
                break;
            case "html":
                Console.WriteLine(report.Html ?? "");
                break;
            default:
                if (!first) Console.WriteLine(new string('-', 72));
                Console.Write(AsText(report));
                break;
        }
    }

    /// <summary>For a person: the metadata, the sections with their origin, the outline, then the body.</summary>
    private static string AsText(PageReport report)
    {
        var text = new StringBuilder();
        void Line(string label, object? value)
        {
            if (value is not null) text.Append(label.PadRight(11)).Append(value).Append('\n');
        }
        Line("Page:", report.File);
        Line("Status:", report.Status);
        Line("Title:", report.Title);
        Line("Byline:", report.Byline);
        Line("Published:", report.Published?.ToString("u"));
        Line("URL:", report.CanonicalUrl);
        Line("Image:", report.LeadImage);
        Line("Language:", report.Language);
        Line("Words:", report.WordCount is { } words ? $"{words} ({report.ReadingMinutes} min)" : null);
        if (report.Sections is { Count: > 0 } sections)
            Line("Sections:", string.Join(", ", sections.Select(s => $"{s.Value} ({s.Origin})")));
        if (report.Headings is { Count: > 0 } headings)
        {
            text.Append("Outline:\n");
            foreach (var heading in headings) text.Append(' ', 2 * heading.Level - 2).Append(heading.Text).Append('\n');
        }
        if (report.Text is { Length: > 0 } body) text.Append('\n').Append(body).Append('\n');
        return text.ToString();
    }
}
