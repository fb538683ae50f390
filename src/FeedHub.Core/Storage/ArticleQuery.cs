namespace FeedHub.Core.Storage;

/// <summary>A filter over articles: any of these sections (none: all), one source, a date floor, a page.</summary>
public sealed record ArticleQuery
{
    public IReadOnlyList<string> Sections { get; init; } = [];
    public string? SourceId { get; init; }
    public DateTimeOffset? Since { get; init; }
    /// <summary>Words that must all appear in the title or the text (full-text index; prefixes with a trailing *).</summary>
    public string? Text { get; init; }
    /// <summary>The page starts after this article (RFC 5005 paging).</summary>
    public PageCursor? After { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>A position in the newest-first order: an article's sort date and id.</summary>
public sealed record PageCursor(DateTimeOffset SortDate, string Id)
{
    public override string ToString() => SortDate.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "~" + Id;

    public static PageCursor? Parse(string? text)
    {
        var parts = text?.Split('~');
        if (parts is not { Length: 2 } || !Guid.TryParse(parts[1], out _)) return null;
        return DateTimeOffset.TryParseExact(parts[0], "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var date) ? new PageCursor(date, parts[1]) : null;
    }
}
