using System.Text.Json.Nodes;

namespace FeedHub.Core.Configuration;

/// <summary>
/// Edits the "Sections" list of a configuration file with <see cref="SourcesFile"/>'s safe rewrite: only the changed
/// section's text changes, the result is validated before it replaces the file, and it replaces it in one rename. The
/// console's section editor saves through here; a running server then re-applies the rules to stored articles.
/// </summary>
public static class SectionsFile
{
    private static readonly SourcesFile.ListOf List = new("Sections", "Slug", "section");

    /// <summary>Adds a section (slug, name, description) at the end of the list.</summary>
    public static void Add(string path, SectionOptions section)
    {
        if (FeedHubConfiguration.Load(path).Catalog.Sections.Any(s => s.Slug == section.Slug))
            throw new ConfigurationException($"{path}: Sections: a section with the slug '{section.Slug}' exists already", ConfigurationProblem.AlreadyExists);
        var node = new JsonObject { ["Slug"] = section.Slug, ["Name"] = section.Name };
        if (!string.IsNullOrWhiteSpace(section.Description)) node["Description"] = section.Description;
        SourcesFile.Rewrite(path, List, (_, kept) => kept, added: [node]);
    }

    /// <summary>Replaces a section's Include and Exclude rules (an empty rule set removes the key).</summary>
    public static void SetRules(string path, string slug, SectionRuleOptions include, SectionRuleOptions exclude) =>
        SourcesFile.Rewrite(path, List, (key, node) =>
        {
            if (key != slug) return node;
            SourcesFile.Set(node, "Include", ToJson(include));
            SourcesFile.Set(node, "Exclude", ToJson(exclude));
            return node;
        }, mustMatch: slug);

    private static JsonObject? ToJson(SectionRuleOptions rules)
    {
        var node = new JsonObject();
        foreach (var (name, values) in Lists(rules))
            if (values.Count > 0) node[name] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
        return node.Count == 0 ? null : node;
    }

    /// <summary>Each kind of rule by its config name, in the order the README lists them.</summary>
    public static IReadOnlyList<(string Name, List<string> Values)> Lists(SectionRuleOptions rules) =>
    [
        ("Sources", rules.Sources), ("PageSections", rules.PageSections), ("Categories", rules.Categories),
        ("UrlPrefixes", rules.UrlPrefixes), ("Keywords", rules.Keywords), ("Patterns", rules.Patterns),
    ];
}
