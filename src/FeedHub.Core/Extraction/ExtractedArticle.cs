using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

/// <summary>A section name found on the page, and where: "json-ld", "meta", ...</summary>
public sealed record SectionCandidate(string Value, string Origin);

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
}
