using System.CommandLine;
using System.Xml;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;

namespace FeedHub.Commands;

/// <summary>`feedhub sources import FILE.opml` and `feedhub sources export`.</summary>
internal static class OpmlCommands
{
    public static Command Export(Option<string> configOption)
    {
        var command = new Command("export", "Write the sources as OPML 2.0 (sections as outline categories) to standard output.\nExample: feedhub sources export > feeds.opml");
        command.SetAction(parse =>
        {
            Console.Write(Opml.Export(FeedHubConfiguration.Load(parse.GetValue(configOption)!), DateTimeOffset.UtcNow));
            return FeedHubCli.Ok;
        });
        return command;
    }

    public static Command Import(Option<string> configOption)
    {
        var file = new Argument<FileInfo>("file") { Description = "An OPML file, as feed readers export them" };
        var section = new Option<string?>("--section") { Description = "The section for feeds whose OPML category names no configured section" };
        var command = new Command("import", """
            Add the feeds of an OPML file as sources. A feed's category (or the outline it is filed under) picks the section
            when it names one (by slug or name); feeds already configured (same URL) are skipped.
            Example: feedhub sources import subscriptions.opml --section news
            """) { Arguments = { file }, Options = { section } };
        command.SetAction(async (parse, _) =>
        {
            var path = parse.GetValue(configOption)!;
            var configuration = FeedHubConfiguration.Load(path);
            IReadOnlyList<Opml.Subscription> subscriptions;
            try
            {
                await using var stream = parse.GetValue(file)!.OpenRead();
                subscriptions = Opml.Read(stream);
            }
            catch (Exception e) when (e is XmlException or IOException)
            {
                await Console.Error.WriteLineAsync($"feedhub: sources import: {parse.GetValue(file)!.Name}: not an OPML file we can read ({e.Message})");
                return FeedHubCli.UsageOrConfigError;
            }
            var fallback = parse.GetValue(section);
            if (fallback is not null && configuration.Catalog.Sections.All(s => s.Slug != fallback))
            {
                await Console.Error.WriteLineAsync($"feedhub: sources import: --section '{fallback}' is not a configured section");
                return FeedHubCli.UsageOrConfigError;
            }
            var ids = configuration.Catalog.Sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var urls = configuration.Catalog.Sources.Select(s => s.Url).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var added = new List<SourceOptions>();
            foreach (var subscription in subscriptions)
            {
                if (!urls.Add(subscription.Url)) continue;
                var id = Opml.IdFor(subscription.Title);
                for (var n = 2; !ids.Add(id); n++) id = $"{Opml.IdFor(subscription.Title)}-{n}";
                added.Add(new SourceOptions { Id = id, Url = subscription.Url, Name = subscription.Title, Sections = SectionsFor(subscription, configuration, fallback) });
            }
            SourcesFile.Add(path, added);
            Console.WriteLine($"added {added.Count} sources ({subscriptions.Count - added.Count} already configured)");
            foreach (var source in added) Console.WriteLine($"  {source.Id}: {source.Url} -> {(source.Sections.Count == 0 ? "no section" : string.Join(", ", source.Sections))}");
            return FeedHubCli.Ok;
        });
        return command;
    }

    private static List<string> SectionsFor(Opml.Subscription subscription, FeedHubConfiguration configuration, string? fallback)
    {
        var keys = subscription.Categories.Select(c => new SectionCandidate(c, "opml").Key).ToHashSet();
        var sections = configuration.Catalog.Sections
            .Where(s => keys.Contains(new SectionCandidate(s.Slug, "").Key) || keys.Contains(new SectionCandidate(s.Name, "").Key))
            .Select(s => s.Slug).ToList();
        return sections.Count > 0 || fallback is null ? sections : [fallback];
    }
}
