using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

/// <summary>A section name found on the page, and where: "json-ld", "meta", "breadcrumb", "category-link", "url-path", "feed".</summary>
public sealed record SectionCandidate(string Value, string Origin)
{
    /// <summary>"World Defense", "world-defense" and "world_defense" are one section.</summary>
    public string Key => string.Join(' ', Value.ToLowerInvariant().Split([' ', '-', '_', '/'], StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>What <see cref="ArticleExtractor"/> found on an article page.</summary>
public sealed record ExtractedArticle(
    string? Title,
    string? Byline,
    DateTimeOffset? Published,
    DateTimeOffset? Modified,
    Uri? CanonicalUrl,
    Uri? LeadImage,
    string? Language,
    IReadOnlyList<SectionCandidate> Sections,
    string ContentHtml,
    string ContentText,
    IReadOnlyList<Heading> Headings)
{
    /// <summary>Too little text to be the article rather than a stub, a paywall or an error page.</summary>
    public bool IsConvincing => ContentText.Length >= 200;

    /// <summary>The distinct sections, each in the spelling of its most trusted origin (the order of <see cref="Sections"/>).</summary>
    public IReadOnlyList<string> SectionNames => Sections.DistinctBy(s => s.Key).Select(s => s.Value).ToList();

    public int WordCount { get; } = ContentText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Minutes at 230 words a minute, a common adult reading speed; at least one.</summary>
    public int ReadingMinutes => Math.Max(1, (int)Math.Round(WordCount / 230.0));
}
