using System.Data.Common;
using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>
/// Syndicated copies: a new article whose text is another outlet's recent story (<see cref="StoryText"/>) joins that
/// story as a source of it, like a canonical-URL match. Recent texts are found through their MinHash bands in
/// article_text_bands, kept for the articles stored within their copy window; only the few candidates sharing a band
/// are read and compared.
/// </summary>
public sealed partial class ArticleStore
{
    /// <summary>Candidates read and compared at most, those sharing the most bands first.</summary>
    private const int MaxCandidates = 20;

    /// <summary>A stored story that <paramref name="article"/>'s text is a copy of, and why; null when there is none.</summary>
    private static (string ArticleId, CopyMatch Match)? FindCopy(Statements statements, Article article, StoryText text, long[] bands)
    {
        if (bands.Length == 0 || article.CopyWindow is not { } window) return null;
        // Another article of the same source is never this one's copy: a feed's items are its own to tell apart.
        var command = statements.Command($"""
            SELECT a.id, a.content_text FROM (
                SELECT article_id, count(*) AS hits FROM article_text_bands
                WHERE band IN ({StoreDialect.Of(statements.Connection).JsonValues("@bands", "bigint")}) AND stored_at >= @since
                GROUP BY article_id) c
            JOIN articles a ON a.id = c.article_id
            WHERE NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id AND s.source_id = @source)
            ORDER BY c.hits DESC, a.sort_date, a.id
            LIMIT @limit
            """)
            .With("@bands", System.Text.Json.JsonSerializer.Serialize(bands))
            .With("@since", (article.FetchedAt - window).ToUnixTimeSeconds())
            .With("@source", article.SourceId)
            .With("@limit", MaxCandidates);
        using var reader = command.ExecuteReader();
        (string ArticleId, CopyMatch Match)? best = null;
        while (reader.Read())
            if (text.MatchCopyOf(CandidateText(reader.GetString(0), SqlValues.ReadText(reader, 1))) is { } match
                && !(match.Similarity <= best?.Match.Similarity))
                best = (reader.GetString(0), match);
        return best;
    }

    /// <summary>
    /// Candidates' texts cut into shingles, by article id, kept while the stored text is the same: a story much copied is
    /// every copy's candidate, and its text was cut anew for each (issue 18: in the ingest benchmark, where most items are
    /// copies, up to 20 texts cut per stored article). Bounded, and emptied when full.
    /// </summary>
    private static readonly Dictionary<string, (string Text, StoryText Story)> CandidateTexts = new(StringComparer.Ordinal);

    private const int MaxCandidateTexts = 128;

    private static StoryText CandidateText(string articleId, string? text)
    {
        if (text is null) return StoryText.Of(null);
        lock (CandidateTexts)
            if (CandidateTexts.TryGetValue(articleId, out var cached) && string.Equals(cached.Text, text, StringComparison.Ordinal))
                return cached.Story;
        var story = StoryText.Of(text);
        lock (CandidateTexts)
        {
            if (CandidateTexts.Count >= MaxCandidateTexts) CandidateTexts.Clear();
            CandidateTexts[articleId] = (text, story);
        }
        return story;
    }

    /// <summary>Puts a stored article's bands in the index, so that later copies of it are found.</summary>
    private static void IndexText(Statements statements, Article article, long[] bands)
    {
        if (bands.Length == 0 || article.CopyWindow is null) return;
        var command = statements.Command($"""
            INSERT INTO article_text_bands (band, article_id, stored_at)
            SELECT value, @id, @at FROM ({StoreDialect.Of(statements.Connection).JsonValues("@bands", "bigint")}) AS bands WHERE true
            ON CONFLICT DO NOTHING
            """)
            .With("@bands", System.Text.Json.JsonSerializer.Serialize(bands))
            .With("@id", article.Id)
            .With("@at", article.FetchedAt.ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }

    /// <summary>Drops the bands of texts stored before every window of <paramref name="articles"/> starts: they can no longer be matched.</summary>
    private static void ForgetOldTexts(DbTransaction transaction, IReadOnlyList<Article> articles)
    {
        var starts = articles.Where(a => a.CopyWindow is not null).Select(a => a.FetchedAt - a.CopyWindow!.Value).ToList();
        if (starts.Count == 0) return;
        var oldest = starts.Min();
        using var command = transaction.Connection!.Command("DELETE FROM article_text_bands WHERE stored_at < @before", transaction)
            .With("@before", oldest.ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }
}
