namespace FeedHub.Core.Model;

/// <summary>What became of an article's page, as <see cref="ExtractionOutcome.Kind"/>.</summary>
public enum ExtractionKind
{
    /// <summary>The page was fetched and extracted; the article's body is the page's.</summary>
    Extracted,
    /// <summary>A stored article kept the feed's own content (stored as "feed: why").</summary>
    Feed,
    /// <summary>A page was read but gave no article worth keeping (reported as "fallback: why").</summary>
    Fallback,
    /// <summary>The page could not be read at all, e.g. a file that is no HTML page (reported as "error: why").</summary>
    Error,
    /// <summary>
    /// Stored text of none of the shapes above (a row a script wrote; extraction_status is plain TEXT): kept as
    /// <see cref="ExtractionOutcome.Reason"/> and given back as it was written.
    /// </summary>
    Unrecognized,
}

/// <summary>
/// An extraction's outcome: its kind, and why when it is not <see cref="ExtractionKind.Extracted"/>. The text form
/// (<see cref="ToString"/>: "extracted", "feed: why", "fallback: why", "error: why") is what the store's
/// extraction_status column, the JSON API and `feedhub extract` carry; it is written by <see cref="ToString"/> and
/// read by <see cref="Parse"/> alone, so that code decides on the kind, never on the text. Any text reads back as
/// itself, so a row FeedHub did not write is still served unchanged rather than failing the read of a feed.
/// </summary>
public sealed record ExtractionOutcome
{
    private const string ExtractedText = "extracted";

    private ExtractionOutcome(ExtractionKind kind, string? reason)
    {
        Kind = kind;
        Reason = reason;
    }

    public ExtractionKind Kind { get; }

    /// <summary>Why the page's article is not the one kept; null for <see cref="ExtractionKind.Extracted"/>.</summary>
    public string? Reason { get; }

    public bool IsExtracted => Kind == ExtractionKind.Extracted;

    public static ExtractionOutcome Extracted { get; } = new(ExtractionKind.Extracted, null);

    public static ExtractionOutcome Feed(string reason) => new(ExtractionKind.Feed, reason);

    public static ExtractionOutcome Fallback(string reason) => new(ExtractionKind.Fallback, reason);

    public static ExtractionOutcome Error(string reason) => new(ExtractionKind.Error, reason);

    /// <summary>"extracted", or the kind's word, a colon and the reason ("feed: page not fetched: HTTP 404 Not Found").</summary>
    public override string ToString() => Kind switch
    {
        ExtractionKind.Extracted => ExtractedText,
        ExtractionKind.Unrecognized => Reason!,
        _ => $"{Prefix(Kind)}: {Reason}",
    };

    /// <summary>
    /// The text <see cref="ToString"/> writes, read back; text of no known shape (e.g. "Extracted", "ok") reads as
    /// <see cref="ExtractionKind.Unrecognized"/> with the whole text as its reason.
    /// </summary>
    public static ExtractionOutcome Parse(string text)
    {
        if (text == ExtractedText) return Extracted;
        foreach (var kind in (ReadOnlySpan<ExtractionKind>)[ExtractionKind.Feed, ExtractionKind.Fallback, ExtractionKind.Error])
        {
            var prefix = Prefix(kind) + ": ";
            if (text.StartsWith(prefix, StringComparison.Ordinal)) return new ExtractionOutcome(kind, text[prefix.Length..]);
        }
        return new ExtractionOutcome(ExtractionKind.Unrecognized, text);
    }

    private static string Prefix(ExtractionKind kind) => kind switch
    {
        ExtractionKind.Feed => "feed",
        ExtractionKind.Fallback => "fallback",
        ExtractionKind.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only a kind with a reason has a prefix"),
    };
}
