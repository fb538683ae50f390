using System.Globalization;
using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Primitives;

namespace FeedHub.Http;

/// <summary>The query parameters feeds and the API share, read the same way with the same 400 problems.</summary>
internal static class QueryParameters
{
    public const int MaxLimit = 500;

    /// <summary>limit: 1 to 500, else <paramref name="fallback"/>.</summary>
    public static bool TryLimit(IQueryCollection query, int fallback, out int limit, out IResult? error)
    {
        limit = fallback;
        error = null;
        if (!query.TryGetValue("limit", out var value)) return true;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit) return true;
        error = Problem("Bad limit", $"limit='{value}' must be a whole number from 1 to {MaxLimit}.");
        return false;
    }

    /// <summary>since: a date (2025-03-21 or 2025-03-21T09:00:00Z).</summary>
    public static bool TrySince(IQueryCollection query, out DateTimeOffset? since, out IResult? error)
    {
        since = null;
        error = null;
        if (!query.TryGetValue("since", out var value)) return true;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            since = parsed;
            return true;
        }
        error = Problem("Bad since", $"since='{value}' is not a date such as 2025-03-21 or 2025-03-21T09:00:00Z.");
        return false;
    }

    /// <summary>
    /// section (repeatable): each a configured section. A typo is a 400 that names it, not an empty answer that looks
    /// like a quiet section.
    /// </summary>
    public static bool TrySections(IQueryCollection query, CatalogOptions catalog, out List<SectionOptions> sections, out IResult? error)
    {
        sections = [];
        error = null;
        foreach (var slug in query["section"].Where(s => !string.IsNullOrEmpty(s)).Distinct())
        {
            if (catalog.Sections.FirstOrDefault(s => s.Slug == slug) is not { } section)
            {
                error = Problem("No such section", $"section='{slug}' is not a configured section.");
                return false;
            }
            sections.Add(section);
        }
        return true;
    }

    /// <summary>source: a configured source's id (null when not given), for the same reason as <see cref="TrySections"/>.</summary>
    public static bool TrySource(IQueryCollection query, CatalogOptions catalog, out SourceOptions? source, out IResult? error)
    {
        source = null;
        error = null;
        if (!query.TryGetValue("source", out var id) || StringValues.IsNullOrEmpty(id)) return true;
        if ((source = catalog.Sources.FirstOrDefault(s => s.Id == id.ToString())) is not null) return true;
        error = Problem("No such source", $"source='{id}' is not a configured source.");
        return false;
    }

    /// <summary>
    /// A true/false flag such as force=. Read here rather than bound as bool?, whose failure is a 400 with an empty body
    /// that says neither which parameter nor what it takes.
    /// </summary>
    public static bool TryFlag(string name, string? value, out bool flag, out IResult? error)
    {
        flag = false;
        error = null;
        if (string.IsNullOrEmpty(value) || bool.TryParse(value, out flag)) return true;
        error = Problem($"Bad {name}", $"{name}='{value}' must be true or false.");
        return false;
    }

    /// <summary>A page cursor (feeds call it before=, the API cursor=).</summary>
    public static bool TryCursor(IQueryCollection query, string name, out PageCursor? cursor, out IResult? error)
    {
        cursor = null;
        error = null;
        if (!query.TryGetValue(name, out var value)) return true;
        if ((cursor = PageCursor.Parse(value)) is not null) return true;
        error = Problem("Bad page", $"{name}='{value}' is not a page cursor from a previous answer.");
        return false;
    }

    /// <summary>q: the words to search for (null when there are none), within what one search may ask of the index.</summary>
    public static bool TrySearchText(IQueryCollection query, out string? text, out IResult? error)
    {
        text = query["q"].FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
        // Punctuation alone ("q=%22", "q=*") made no search, so /feeds and /api/articles answered as if no q were given.
        if (text is not null && !SearchText.HasWords(text))
            error = Problem("Bad parameter", $"q='{text}' has no word to search for (a word is a run of letters or digits).");
        else error = SearchText.Refuse(text) is { } reason ? Problem("Search too costly", $"q: {reason}.") : null;
        return error is null;
    }

    /// <summary>The answer when a search ran out of its time budget (<see cref="ArticleStore.SearchBudget"/>).</summary>
    public static IResult SearchStopped(TimeoutException stopped) => Problem("Search too costly", $"q: {stopped.Message}.");

    public static IResult Problem(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
