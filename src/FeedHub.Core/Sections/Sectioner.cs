using System.Text.RegularExpressions;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;

namespace FeedHub.Core.Sections;

/// <summary>
/// Puts an article in sections: those its source lists, and those whose include rules match it,
/// minus those whose exclude rules match. Each assignment says which rule made it, so that an
/// operator (and a script) can see why an article is where it is.
/// </summary>
public static class Sectioner
{
    /// <summary>A regular expression gets this long per article at most; a pathological pattern can't stall a poll.</summary>
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    public static IReadOnlyList<ArticleSection> Assign(Article article, Source? source, IReadOnlyList<SectionOptions> sections)
    {
        var assigned = new List<ArticleSection>();
        var pageNames = PageSectionKeys(article.SectionCandidates);
        foreach (var section in sections)
        {
            var origin = source is not null && source.Sections.Contains(section.Slug) ? "source" : Match(section.Include, article, pageNames);
            if (origin is null || Match(section.Exclude, article, pageNames) is not null) continue;
            assigned.Add(new ArticleSection(section.Slug, origin));
        }
        return assigned;
    }

    /// <summary>The first rule that matches, described ("page-section:World Defense"), or null.</summary>
    private static string? Match(SectionRuleOptions? rules, Article article, IReadOnlySet<string> pageNames)
    {
        if (rules is null) return null;
        if (rules.Sources.FirstOrDefault(s => s == article.SourceId) is { } sourceId) return "source:" + sourceId;
        if (rules.PageSections.FirstOrDefault(n => pageNames.Contains(Key(n))) is { } name) return "page-section:" + name;
        var categories = article.SectionCandidates.Where(c => c.Origin == "feed").Select(c => Key(c.Value)).ToHashSet();
        if (rules.Categories.FirstOrDefault(c => categories.Contains(Key(c))) is { } category) return "category:" + category;
        var url = article.Url?.AbsoluteUri;
        if (url is not null && rules.UrlPrefixes.FirstOrDefault(p => url.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } prefix)
            return "url-prefix:" + prefix;
        var text = article.Title + "\n" + article.ContentText;
        if (rules.Keywords.FirstOrDefault(k => ContainsWord(text, k)) is { } keyword) return "keyword:" + keyword;
        if (rules.Patterns.FirstOrDefault(p => Matches(text, p)) is { } pattern) return "pattern:" + pattern;
        return null;
    }

    /// <summary>Every page-declared name, and each breadcrumb trail joined ("World", "Defense" also gives "world defense").</summary>
    private static HashSet<string> PageSectionKeys(IReadOnlyList<SectionCandidate> candidates)
    {
        var keys = candidates.Where(c => c.Origin != "feed").Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var crumbs = candidates.Where(c => c.Origin == "breadcrumb").Select(c => c.Key).ToList();
        for (var start = 0; start < crumbs.Count; start++)
            for (var end = start + 1; end < crumbs.Count; end++)
                keys.Add(string.Join(' ', crumbs.Skip(start).Take(end - start + 1)));
        return keys;
    }

    private static string Key(string value) => new SectionCandidate(value, "").Key;

    private static bool ContainsWord(string text, string word) =>
        Regex.IsMatch(text, @"(?<!\w)" + Regex.Escape(word) + @"(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout);

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
