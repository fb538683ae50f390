using System.Text.Json.Serialization;
using FeedHub.Core.Model;

namespace FeedHub.Core.Processing;

/// <summary>
/// One page's extraction as scripts read it: `feedhub extract --format json|ndjson` and POST /api/extract
/// both write this shape. Field names are snake_case and stable.
/// </summary>
public sealed record PageReport
{
    private PageReport(ExtractionOutcome outcome) => Outcome = outcome;

    /// <summary>The file or URL the page came from (absent for HTML posted to the API).</summary>
    public string? File { get; init; }
    public string? Title { get; init; }
    public string? Byline { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? LeadImage { get; init; }
    public string? Language { get; init; }
    public int? WordCount { get; init; }
    public int? ReadingMinutes { get; init; }
    public IReadOnlyList<ReportSection>? Sections { get; init; }
    public IReadOnlyList<ReportHeading>? Headings { get; init; }
    public string? Text { get; init; }
    public string? Html { get; init; }

    /// <summary>What became of the page; sent as <see cref="Status"/>.</summary>
    [JsonIgnore]
    public ExtractionOutcome Outcome { get; }

    /// <summary>"extracted", "fallback: why", or "error: why": <see cref="Outcome"/> as scripts read it.</summary>
    public string Status => Outcome.ToString();

    public sealed record ReportSection(string Value, string Origin);

    public sealed record ReportHeading(int Level, string Text);

    public static PageReport From(string? file, PageResult result)
    {
        var article = result.Article;
        if (article is null) return new PageReport(result.Outcome) { File = file };
        return new PageReport(result.Outcome)
        {
            File = file,
            Title = article.Title,
            Byline = article.Byline,
            Published = article.Published,
            Modified = article.Modified,
            CanonicalUrl = article.CanonicalUrl?.AbsoluteUri,
            LeadImage = article.LeadImage?.AbsoluteUri,
            Language = article.Language,
            WordCount = article.WordCount,
            ReadingMinutes = article.ReadingMinutes,
            Sections = article.Sections.Select(s => new ReportSection(s.Value, s.Origin)).ToList(),
            Headings = article.Headings.Select(h => new ReportHeading(h.Level, h.Text)).ToList(),
            Text = article.ContentText,
            Html = article.ContentHtml,
        };
    }

    public static PageReport Error(string? file, string why) => new(ExtractionOutcome.Error(why)) { File = file };
}
