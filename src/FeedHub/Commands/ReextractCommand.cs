using System.CommandLine;
using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;

namespace FeedHub.Commands;

/// <summary>`feedhub reextract`: stored articles' pages fetched and extracted again (after site rules changed), and the articles revised.</summary>
internal static class ReextractCommand
{
    public static Command Create(Option<string> configOption)
    {
        var source = new Option<string?>("--source") { Description = "Every article this source lists" };
        var section = new Option<string?>("--section") { Description = "Every article in this section" };
        var all = new Option<bool>("--all") { Description = "Every stored article" };
        var article = new Option<string?>("--article") { Description = "One article, by its id" };
        var command = new Command("reextract", """
            Fetch stored articles' pages again and extract them with the current site rules and extractor; an article is
            revised when its page gives another body, outline or sections, and kept as it is when the page gives no article now.
            One line per article, then a summary. Exit 1 when any page gave no article.
            Examples:
              feedhub reextract --source bbc-world
              feedhub reextract --section world-defense
              feedhub reextract --all
            """) { Options = { source, section, all, article } };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            var (sourceId, slug, id) = (parse.GetValue(source), parse.GetValue(section), parse.GetValue(article));
            if (new[] { sourceId is not null, slug is not null, parse.GetValue(all), id is not null }.Count(given => given) != 1)
                return await Refuse("name what to re-extract: --source ID, --section SLUG, --article ID or --all (one of them)");
            if (slug is not null && configuration.Catalog.Sections.All(s => s.Slug != slug))
                return await Refuse($"no section '{slug}' in {configuration.FilePath}");
            await using var services = CommandServices.Build(configuration);
            if (sourceId is not null && configuration.Catalog.Sources.All(s => s.Id != sourceId)
                && services.GetRequiredService<ArticleStore>().Count(sourceId) == 0)
                return await Refuse($"no source '{sourceId}' in {configuration.FilePath}, and no stored article of one");
            var reextractor = services.GetRequiredService<Reextractor>();
            var results = id is not null
                ? [Report(await reextractor.ReextractAsync(id, cancellationToken))]
                : await reextractor.ReextractAsync(
                    new ArticleQuery { SourceId = sourceId, Sections = slug is null ? [] : [slug] }, r => Report(r), cancellationToken);
            if (results.Any(r => r.Status == ReextractStatus.NotFound)) return await Refuse($"no article has the id '{id}'");
            int Count(ReextractStatus status) => results.Count(r => r.Status == status);
            Console.WriteLine($"{results.Count} articles: {Count(ReextractStatus.Revised)} revised, {Count(ReextractStatus.Unchanged)} unchanged, "
                + $"{Count(ReextractStatus.Kept)} kept as stored (their pages gave no article)");
            return Count(ReextractStatus.Kept) == 0 ? FeedHubCli.Ok : FeedHubCli.Failure;
        });
        return command;
    }

    private static ReextractResult Report(ReextractResult result)
    {
        if (result.Status != ReextractStatus.NotFound)
            Console.WriteLine($"{result.ArticleId}: {result.Status.ToString().ToLowerInvariant()}{(result.Reason is null ? "" : ": " + result.Reason)} ({result.Title})");
        return result;
    }

    private static async Task<int> Refuse(string message)
    {
        await Console.Error.WriteLineAsync($"feedhub: reextract: {message}");
        return FeedHubCli.UsageOrConfigError;
    }
}
