using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

public static class ReadingTime
{
    /// <summary>Minutes at 230 words a minute, a common adult reading speed; at least one.</summary>
    public static int Minutes(int words) => Math.Max(1, (int)Math.Round(words / 230.0));

    public static int Words(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (!isSpace && !inWord) words++;
            inWord = !isSpace;
        }
        return words;
    }
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

    public int WordCount { get; } = ReadingTime.Words(ContentText);

    /// <summary>Minutes at 230 words a minute, a common adult reading speed; at least one.</summary>
    public int ReadingMinutes => ReadingTime.Minutes(WordCount);
}
