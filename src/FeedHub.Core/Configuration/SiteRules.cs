using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedHub.Core.Configuration;

/// <summary>
/// One site's extraction rule: CSS selectors that take precedence over the generic algorithm.
/// Every part is optional; what a rule leaves out, the generic algorithm does.
/// </summary>
public sealed record SiteRule(string? Body, IReadOnlyList<string> Remove, string? Title, string? Section);

/// <summary>Whether a CSS selector parses, as AngleSharp reads them (the same engine that applies it).</summary>
public static class CssSelectors
{
    private static readonly HtmlParser Parser = new();

    public static bool IsValid(string selector) => Problem(selector) is null;

    /// <returns>Null when it parses; else "" (AngleSharp says no more than that the syntax is wrong), or an empty selector's reason.</returns>
    public static string? Problem(string selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return " (it is empty)";
        try
        {
            using var document = Parser.ParseDocument("");
            document.QuerySelector(selector);
            return null;
        }
        catch (DomException)
        {
            return "";
        }
    }
}

/// <summary>
/// config/extraction-rules.json: a host (or a parent domain, which covers its subdomains) mapped
/// to a <see cref="SiteRule"/>. A missing file means no rules; a bad one stops the start with a
/// line naming the file, the host and the problem, like the main configuration.
/// </summary>
public sealed class SiteRules
{
    public static readonly SiteRules None = new(new Dictionary<string, SiteRule>());
    private static readonly JsonSerializerOptions FileJson = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonSerializerOptions RuleJson = new() { PropertyNameCaseInsensitive = true };

    private readonly IReadOnlyDictionary<string, SiteRule> byHost;

    private SiteRules(IReadOnlyDictionary<string, SiteRule> byHost) => this.byHost = byHost;

    public int Count => byHost.Count;

    /// <summary>The rule for <paramref name="host"/>: its own, else its nearest parent domain's.</summary>
    public SiteRule? Find(string host)
    {
        for (var candidate = host.ToLowerInvariant(); candidate.Length > 0;)
        {
            if (byHost.TryGetValue(candidate, out var rule)) return rule;
            var dot = candidate.IndexOf('.');
            if (dot < 0) break;
            candidate = candidate[(dot + 1)..];
        }
        return null;
    }

    public static SiteRules Load(ExtractionOptions options) =>
        string.IsNullOrWhiteSpace(options.RulesPath) || !File.Exists(options.RulesPath) ? None : Load(options.RulesPath);

    /// <exception cref="ConfigurationException">The file is not valid JSON, has an unknown key, or a selector does not parse.</exception>
    public static SiteRules Load(string path)
    {
        Dictionary<string, JsonElement>? hosts;
        try
        {
            using var stream = File.OpenRead(path);
            hosts = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(stream, FileJson);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{path}: line {e.LineNumber + 1}: not valid JSON ({e.Message.Split(". ")[0]})");
        }
        var rules = new Dictionary<string, SiteRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, value) in hosts ?? [])
        {
            if (host.StartsWith('$')) continue; // "$comment" and the like: notes for people
            var rule = ReadRule(path, host, value);
            foreach (var (key, selector) in rule.Selectors())
                CheckSelector(path, host, key, selector);
            rules[host.ToLowerInvariant()] = new SiteRule(rule.Body, rule.Remove ?? [], rule.Title, rule.Section);
        }
        return new SiteRules(rules);
    }

    private static RuleFile ReadRule(string path, string host, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new ConfigurationException($"{path}: {host}: must be an object with Body, Remove, Title or Section");
        foreach (var property in value.EnumerateObject())
            if (!RuleFile.Keys.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                throw new ConfigurationException($"{path}: {host}.{property.Name}: unknown key (expected one of: {string.Join(", ", RuleFile.Keys)})");
        try
        {
            return value.Deserialize<RuleFile>(RuleJson)!;
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{path}: {host}{e.Path?.TrimStart('$')}: {e.Message.Split(". ")[0]}");
        }
    }

    private static void CheckSelector(string path, string host, string key, string selector)
    {
        if (CssSelectors.Problem(selector) is not null)
            throw new ConfigurationException($"{path}: {host}.{key}: '{selector}' is not a valid CSS selector");
    }

    private sealed class RuleFile
    {
        public static readonly string[] Keys = ["Body", "Remove", "Title", "Section"];

        public string? Body { get; set; }
        public List<string>? Remove { get; set; }
        public string? Title { get; set; }
        public string? Section { get; set; }

        public IEnumerable<(string Key, string Selector)> Selectors()
        {
            if (Body is not null) yield return ("Body", Body);
            if (Title is not null) yield return ("Title", Title);
            if (Section is not null) yield return ("Section", Section);
            for (var i = 0; i < (Remove?.Count ?? 0); i++) yield return ($"Remove[{i}]", Remove![i]);
        }
    }
}
