using System.CommandLine;
using FeedHub.Core;
using FeedHub.Core.Configuration;
using FeedHub.Core.Publishing;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;

namespace FeedHub.Commands;

/// <summary>`feedhub sections apply`: puts every stored article through the section rules in force.</summary>
internal static class SectionsCommand
{
    public static Command Create(Option<string> configOption)
    {
        var apply = new Command("apply", "Apply the configured section rules to every stored article (a running server does this on each config change).\nExample: feedhub sections apply");
        apply.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var services = CommandServices.Build(configuration);
            var changed = await services.GetRequiredService<Resectioner>().ApplyAsync(configuration, cancellationToken);
            Console.WriteLine($"{changed} articles changed sections");
            return FeedHubCli.Ok;
        });
        var format = Output.FormatOption();
        var list = new Command("list", "Every section with its article count and rules.\nExample: feedhub sections list --format json") { Options = { format } };
        list.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var services = CommandServices.Build(configuration);
            var counts = services.GetRequiredService<ArticleStore>().CountBySection();
            Output.Write(["slug", "name", "articles", "sources", "include", "exclude"],
                configuration.Catalog.Sections.Select(s => new object?[]
                {
                    s.Slug, s.Name, counts.GetValueOrDefault(s.Slug),
                    configuration.Catalog.Sources.Where(o => o.AllSections().Contains(s.Slug)).Select(o => o.Id),
                    Describe(s.Include), Describe(s.Exclude),
                }).ToList(), parse.GetValue(format)!);
            return FeedHubCli.Ok;
        });
        var slug = new Argument<string>("slug") { Description = "The section's slug" };
        var show = new Command("show", "One section: its rules and its latest articles with the rule that put each there.\nExample: feedhub sections show world-defense") { Arguments = { slug } };
        show.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            var section = configuration.Catalog.Sections.FirstOrDefault(s => s.Slug == parse.GetValue(slug));
            if (section is null)
            {
                await Console.Error.WriteLineAsync($"feedhub: no section '{parse.GetValue(slug)}'; 'feedhub sections list' shows them");
                return FeedHubCli.UsageOrConfigError;
            }
            await using var services = CommandServices.Build(configuration);
            Console.WriteLine($"{section.Name} ({section.Slug}){(section.Description is null ? "" : ": " + section.Description)}");
            Console.WriteLine($"  include: {Describe(section.Include) ?? "-"}");
            Console.WriteLine($"  exclude: {Describe(section.Exclude) ?? "-"}");
            Console.WriteLine($"  feeds:   {FeedUrls.Path(section.Slug, FeedFormat.Atom)}  .rss  .json");
            foreach (var article in services.GetRequiredService<ArticleStore>().FindLatest(section.Slug, 10))
                Console.WriteLine($"  {Output.Text(article.Published),-20}  {article.Title}  [{article.Sections.First(s => s.Slug == section.Slug).Origin}]");
            return FeedHubCli.Ok;
        });
        return new Command("sections", "Work with sections.") { Subcommands = { list, show, apply } };
    }

    private static string? Describe(SectionRuleOptions? rules)
    {
        if (rules is null) return null;
        var parts = new List<string>();
        void Add(string name, List<string> values)
        {
            if (values.Count > 0) parts.Add($"{name}: {string.Join(", ", values)}");
        }
        Add("sources", rules.Sources);
        Add("page sections", rules.PageSections);
        Add("categories", rules.Categories);
        Add("url prefixes", rules.UrlPrefixes);
        Add("keywords", rules.Keywords);
        Add("patterns", rules.Patterns);
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
