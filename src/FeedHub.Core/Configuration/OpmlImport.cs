using FeedHub.Core.Model;

namespace FeedHub.Core.Configuration;

/// <summary>
/// Decides, outline by outline, what an OPML import adds: each outline becomes a source or is skipped with the
/// reason, so one bad outline costs only itself and the operator sees what happened to every line of the file.
/// </summary>
public static class OpmlImport
{
    /// <summary>What became of one outline: the source it adds, or why it adds none.</summary>
    public sealed record Result(Opml.Outline Outline, SourceOptions? Source, string? Skipped);

    /// <param name="fallbackSection">The section for feeds whose categories name no configured section (--section).</param>
    public static IReadOnlyList<Result> Plan(FeedHubConfiguration configuration, IReadOnlyList<Opml.Outline> outlines, string? fallbackSection)
    {
        var ids = configuration.Catalog.Sources.Select(s => s.Id).ToHashSet(StringComparer.OrdinalIgnoreCase); // as the configuration compares them
        var urls = configuration.Catalog.Sources.ToDictionary(s => s.Url, s => $"already configured as source '{s.Id}'", StringComparer.OrdinalIgnoreCase);
        var results = new List<Result>();
        foreach (var outline in outlines)
        {
            var (source, skipped) = ToSource(outline, configuration, ids, urls, fallbackSection);
            if (source is not null)
            {
                ids.Add(source.Id);
                urls[source.Url] = $"the same xmlUrl as line {outline.Line}";
            }
            results.Add(new Result(outline, source, skipped));
        }
        return results;
    }

    private static (SourceOptions? Source, string? Skipped) ToSource(Opml.Outline outline, FeedHubConfiguration configuration,
        HashSet<string> ids, Dictionary<string, string> urls, string? fallbackSection)
    {
        if (outline.Url is null) return (null, "no xmlUrl (not a feed)");
        if (urls.TryGetValue(outline.Url, out var duplicate)) return (null, duplicate);
        TimeSpan? interval = null;
        if (outline.Interval is { } text)
        {
            if (!FeedHubConfiguration.TryParseDuration(text, out var parsed))
                return (null, $"feedhub:interval '{text}' is not a duration such as 00:15:00 (hh:mm:ss)");
            interval = parsed;
        }
        if (outline.Enabled is { } enabled && !bool.TryParse(enabled, out _))
            return (null, $"feedhub:enabled '{enabled}' is not true or false");
        var (sections, sectionProblem) = SectionsFor(outline, configuration.Catalog.Sections, fallbackSection);
        if (sectionProblem is not null) return (null, sectionProblem);
        var id = outline.Id ?? FreeId(Opml.IdFor(outline.Title), ids);
        if (ids.TryGetValue(id, out var taken))
            return (null, taken == id ? $"feedhub:id '{id}' is used by another source" : $"feedhub:id '{id}' differs only in case from source '{taken}'");
        var source = new SourceOptions
        {
            Id = id, Url = outline.Url, Sections = sections, Interval = interval,
            Name = outline.Title.Length == 0 || outline.Title == id ? null : outline.Title, // a name that repeats the id adds nothing
            Enabled = outline.Enabled is null || bool.Parse(outline.Enabled),
        };
        return Problem(source, configuration) is { } problem ? (null, problem) : (source, null);
    }

    /// <summary>
    /// FeedHub's own sections attribute when there is one (its export); else the sections the categories name, by
    /// slug or name; else the fallback. Categories that name no section with no fallback skip the outline, since
    /// filing the feed nowhere would ignore what the file says.
    /// </summary>
    private static (List<string> Sections, string? Problem) SectionsFor(Opml.Outline outline, List<SectionOptions> configured, string? fallback)
    {
        if (outline.Sections is { } own)
        {
            var slugs = own.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            return slugs.FirstOrDefault(slug => configured.All(s => s.Slug != slug)) is { } unknown
                ? ([], $"feedhub:sections: '{unknown}' is not a configured section")
                : (slugs, null);
        }
        var keys = outline.Categories.Select(c => new SectionCandidate(c, "opml").Key).ToHashSet();
        var sections = configured
            .Where(s => keys.Contains(new SectionCandidate(s.Slug, "").Key) || keys.Contains(new SectionCandidate(s.Name, "").Key))
            .Select(s => s.Slug).ToList();
        if (sections.Count > 0) return (sections, null);
        if (fallback is not null) return ([fallback], null);
        return outline.Categories.Count == 0
            ? ([], null)
            : ([], $"category {string.Join(", ", outline.Categories.Select(c => $"'{c}'"))} names no configured section (--section SLUG files such feeds there)");
    }

    private static string FreeId(string id, HashSet<string> ids)
    {
        var candidate = id;
        for (var n = 2; ids.Contains(candidate); n++) candidate = $"{id}-{n}";
        return candidate;
    }

    /// <summary>The configuration's own checks on this one source (URL, id, interval floor), worded without a list index.</summary>
    private static string? Problem(SourceOptions source, FeedHubConfiguration configuration)
    {
        var result = new CatalogOptionsValidator(configuration.Polling.MinInterval)
            .Validate(null, new CatalogOptions { Sections = configuration.Catalog.Sections, Sources = [source] });
        return result.Failed ? result.Failures!.First().Replace("Sources[0].Url:", "xmlUrl:").Replace("Sources[0].", "") : null;
    }
}
