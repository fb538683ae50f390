namespace FeedHub.Core.Storage;

/// <summary>
/// What a reader may ask of the full-text index in one query, and the FTS5 query their words become.
/// FTS5 looks every word up on its own and walks every indexed token a prefix word (word*) starts: 400 one-letter
/// prefixes cost 9 s of CPU on 8 articles, 2,500 of them six minutes (issue 14). So one query has at most
/// <see cref="MaxWords"/> words, at most <see cref="MaxPrefixWords"/> of them prefixes, each prefix at least
/// <see cref="MinPrefixLength"/> letters long; the time budget in <see cref="QueryBudget"/> bounds the rest.
/// </summary>
public static class SearchText
{
    public const int MaxWords = 20;
    public const int MaxPrefixWords = 4;
    public const int MinPrefixLength = 3;

    /// <summary>Why <paramref name="text"/> asks more than one search may (what is too much, and the limit), or null when it may run.</summary>
    public static string? Refuse(string? text)
    {
        var words = Words(text);
        // Counted as the index's tokenizer (unicode61) counts: "a.b.c" is three words to it, whatever the spaces say.
        var tokens = words.Sum(w => Tokens(w.Word).Count());
        if (tokens > MaxWords)
            return $"it has {tokens} words; a search takes at most {MaxWords} (a word is a run of letters or digits)";
        var prefixes = words.Where(w => w.Prefix).ToList();
        if (prefixes.Count > MaxPrefixWords)
            return $"it has {prefixes.Count} prefix words (ending in *); a search takes at most {MaxPrefixWords}";
        var shortPrefix = prefixes.Select(w => w.Word).FirstOrDefault(w => (Tokens(w).LastOrDefault() ?? "").Length < MinPrefixLength);
        return shortPrefix is null ? null
            : $"'{shortPrefix}*' is too short a prefix: a word ending in * needs at least {MinPrefixLength} letters or digits before the *";
    }

    /// <summary>Whether <paramref name="text"/> has a word the index can look up: a run of letters or digits.</summary>
    public static bool HasWords(string? text) => Words(text).Any(w => Tokens(w.Word).Any());

    /// <summary>
    /// People's words as an FTS5 query: each word quoted (so no input is FTS syntax, and none is an
    /// error), all required; a trailing * keeps its meaning of "starts with". Null for no words.
    /// Callers check <see cref="Refuse"/> first: text it refuses is a caller's mistake here.
    /// </summary>
    internal static string? ToFullTextQuery(string? text)
    {
        if (Refuse(text) is { } reason) throw new ArgumentException($"Search text refused: {reason}.", nameof(text));
        var terms = Words(text).Select(t => "\"" + t.Word + "\"" + (t.Prefix ? "*" : "")).ToList();
        return terms.Count == 0 ? null : string.Join(' ', terms);
    }

    /// <summary>
    /// The same words as a PostgreSQL tsquery (for to_tsquery with the 'simple' configuration): each word's runs of
    /// letters and digits quoted, a word of several runs as a phrase (&lt;-&gt;) as FTS5 reads a quoted word, all words
    /// required (&amp;), a trailing * as a prefix match (:*) on the word's last run. Null for no words.
    /// </summary>
    internal static string? ToTsQuery(string? text)
    {
        if (Refuse(text) is { } reason) throw new ArgumentException($"Search text refused: {reason}.", nameof(text));
        var terms = Words(text)
            .Select(w => (w.Prefix, Tokens: Tokens(w.Word).ToList()))
            .Where(w => w.Tokens.Count > 0)
            .Select(w => string.Join(" <-> ", w.Tokens.Select((t, i) => "'" + t + "'" + (w.Prefix && i == w.Tokens.Count - 1 ? ":*" : ""))))
            .Select(phrase => "(" + phrase + ")")
            .ToList();
        return terms.Count == 0 ? null : string.Join(" & ", terms);
    }

    // Control characters part words like spaces: a NUL inside a quoted FTS5 term ends the query text early in SQLite
    // ("unterminated string", a 500 for ?q=%00), and PostgreSQL refuses NUL in any text.
    private static List<(bool Prefix, string Word)> Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => (Prefix: word.EndsWith('*'), Word: word.Trim('*').Replace("\"", "")))
            .Where(t => t.Word.Length > 0)
            .ToList();

    private static IEnumerable<string> Tokens(string word)
    {
        var start = -1;
        for (var i = 0; i <= word.Length; i++)
        {
            var inToken = i < word.Length && char.IsLetterOrDigit(word[i]);
            if (inToken && start < 0) start = i;
            else if (!inToken && start >= 0)
            {
                yield return word[start..i];
                start = -1;
            }
        }
    }
}
