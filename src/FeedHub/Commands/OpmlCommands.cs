using System.CommandLine;
using System.Xml;
using FeedHub.Core.Configuration;

namespace FeedHub.Commands;

/// <summary>`feedhub sources import FILE.opml` and `feedhub sources export`.</summary>
internal static class OpmlCommands
{
    public static Command Export(Option<string> configOption)
    {
        var command = new Command("export", "Write the sources as OPML 2.0 (sections as outline categories; ids, sections, intervals and disabled sources as feedhub: attributes, so that import gives them back) to standard output.\nExample: feedhub sources export > feeds.opml");
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
            Add the feeds of an OPML file as sources, and report each outline: imported, or skipped and why (no xmlUrl,
            a bad URL, already configured, a category that names no section...). A feed's category (or the outline it is
            filed under) picks the section when it names one (by slug or name); FeedHub's own export carries ids,
            sections, intervals and disabled sources as feedhub: attributes, which win.
            Example: feedhub sources import subscriptions.opml --section news
            """) { Arguments = { file }, Options = { section } };
        command.SetAction(async (parse, _) =>
        {
            var path = parse.GetValue(configOption)!;
            var configuration = FeedHubConfiguration.Load(path);
            IReadOnlyList<Opml.Outline> outlines;
            try
            {
                await using var stream = parse.GetValue(file)!.OpenRead();
                outlines = Opml.Read(stream);
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
            var results = OpmlImport.Plan(configuration, outlines, fallback);
            var added = results.Where(r => r.Source is not null).Select(r => r.Source!).ToList();
            SourcesFile.Add(path, added);
            Console.WriteLine($"imported {added.Count} of {results.Count} outlines into {path}; skipped {results.Count - added.Count}");
            foreach (var (outline, source, skipped) in results)
            {
                Console.WriteLine(source is null
                    ? $"  line {outline.Line}: skipped '{outline.Title}': {skipped}"
                    : $"  line {outline.Line}: imported {source.Id}: {source.Url} -> {(source.Sections.Count == 0 ? "no section" : string.Join(", ", source.Sections))}{(source.Enabled ? "" : " (disabled)")}");
            }
            return FeedHubCli.Ok;
        });
        return command;
    }
}
