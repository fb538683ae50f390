using FeedHub.Core.Model;
using Microsoft.Data.Sqlite;

namespace FeedHub.Core.Storage;

/// <summary>The writing side of <see cref="ArticleStore"/>: inserts within a poll's transaction.</summary>
public sealed partial class ArticleStore
{
    /// <summary>
    /// Stores articles within the poll's transaction. An article the source already has (same source and guid)
    /// is left as it is, so a re-poll never duplicates one. A story already stored under the same canonical URL
    /// (it came by another feed, or by another guid of this one) is not stored again: the source and guid are
    /// added to it, with the sections this source gives it.
    /// </summary>
    /// <returns>How many were new to their source (stored, or added to the same story).</returns>
    public static int Insert(SqliteTransaction transaction, IEnumerable<Article> articles)
    {
        var stored = 0;
        foreach (var article in articles)
        {
            if (FindSameStory(transaction, article) is { } existing)
            {
                if (!AddSource(transaction, existing, article)) continue;
                InsertSections(transaction, article with { Id = existing });
                stored++;
                continue;
            }
            if (!InsertArticle(transaction, article)) continue;
            AddSource(transaction, article.Id, article);
            stored++;
            InsertSections(transaction, article);
            InsertHeadings(transaction, article);
            InsertSectionCandidates(transaction, article);
            InsertEnclosures(transaction, article);
        }
        return stored;
    }

    /// <summary>
    /// The stored article that is this story: the one it was matched to before building, or another source's with
    /// its canonical URL. Items of one feed are its own to tell apart: two of its entries are never merged.
    /// </summary>
    private static string? FindSameStory(SqliteTransaction transaction, Article article)
    {
        using var command = transaction.Connection!.Command("""
            SELECT id FROM articles a
            WHERE a.id = $id OR ($canonical IS NOT NULL AND a.canonical_url = $canonical
                                 AND NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id AND s.source_id = $source))
            ORDER BY a.id = $id DESC, a.sort_date LIMIT 1
            """, transaction)
            .With("$id", article.Id)
            .With("$source", article.SourceId)
            .With("$canonical", SqlValues.Text(article.CanonicalUrl?.AbsoluteUri));
        return command.ExecuteScalar() as string;
    }

    /// <returns>False when the source already had this guid.</returns>
    private static bool AddSource(SqliteTransaction transaction, string articleId, Article article)
    {
        using var command = transaction.Connection!.Command(
            "INSERT OR IGNORE INTO article_sources (source_id, guid, article_id, added_at, url, title) VALUES ($source, $guid, $id, $added, $url, $title)",
            transaction)
            .With("$source", article.SourceId).With("$guid", article.Guid).With("$id", articleId).With("$added", SqlValues.Date(article.FetchedAt))
            .With("$url", SqlValues.Text(article.Url?.AbsoluteUri)).With("$title", article.Title);
        return command.ExecuteNonQuery() == 1;
    }

    private static bool InsertArticle(SqliteTransaction transaction, Article article)
    {
        using var command = transaction.Connection!.Command("""
            INSERT INTO articles (id, source_id, guid, url, title, published_at, updated_at, sort_date,
                                  author, summary, content_html, content_text, extraction_status, fetched_at,
                                  canonical_url, lead_image, language, word_count, reading_minutes, comments_url)
            VALUES ($id, $source, $guid, $url, $title, $published, $updated, $sortDate,
                    $author, $summary, $html, $text, $status, $fetched,
                    $canonical, $image, $language, $words, $minutes, $comments)
            ON CONFLICT DO NOTHING
            """, transaction)
            .With("$id", article.Id)
            .With("$source", article.SourceId)
            .With("$guid", article.Guid)
            .With("$url", SqlValues.Text(article.Url?.AbsoluteUri))
            .With("$title", article.Title)
            .With("$published", SqlValues.Date(article.Published))
            .With("$updated", SqlValues.Date(article.Updated))
            .With("$sortDate", SqlValues.Date(SortDate(article)))
            .With("$author", SqlValues.Text(article.Author))
            .With("$summary", SqlValues.Text(article.Summary))
            .With("$html", SqlValues.Text(article.ContentHtml))
            .With("$text", SqlValues.Text(article.ContentText))
            .With("$status", article.ExtractionStatus)
            .With("$fetched", SqlValues.Date(article.FetchedAt))
            .With("$canonical", SqlValues.Text(article.CanonicalUrl?.AbsoluteUri))
            .With("$image", SqlValues.Text(article.LeadImage?.AbsoluteUri))
            .With("$language", SqlValues.Text(article.Language))
            .With("$words", article.WordCount)
            .With("$minutes", article.ReadingMinutes)
            .With("$comments", SqlValues.Text(article.CommentsUrl?.AbsoluteUri));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// Feeds list articles by publication date, but an entry with no date, or one dated in the
    /// future, would sit on top forever; those sort by when FeedHub fetched them.
    /// </summary>
    private static DateTimeOffset SortDate(Article article) =>
        article.Published is { } published && published <= article.FetchedAt ? published : article.FetchedAt;

    private static void InsertSections(SqliteTransaction transaction, Article article)
    {
        foreach (var section in article.Sections)
        {
            using var command = transaction.Connection!.Command(
                "INSERT OR IGNORE INTO article_sections (article_id, section, origin, sort_date) SELECT id, $section, $origin, sort_date FROM articles WHERE id = $id",
                transaction).With("$id", article.Id).With("$section", section.Slug).With("$origin", section.Origin);
            command.ExecuteNonQuery();
        }
    }

    private static void InsertHeadings(SqliteTransaction transaction, Article article) =>
        InsertInOrder(transaction, article.Id, article.Headings,
            "INSERT INTO article_headings (article_id, position, level, text) VALUES ($id, $position, $level, $text)",
            (command, heading) => command.With("$level", heading.Level).With("$text", heading.Text));

    private static void InsertEnclosures(SqliteTransaction transaction, Article article) =>
        InsertInOrder(transaction, article.Id, article.Enclosures,
            "INSERT INTO article_enclosures (article_id, position, url, type, length) VALUES ($id, $position, $url, $type, $length)",
            (command, enclosure) => command.With("$url", enclosure.Href).With("$type", SqlValues.Text(enclosure.Type)).With("$length", enclosure.Length));

    private static void InsertSectionCandidates(SqliteTransaction transaction, Article article) =>
        InsertInOrder(transaction, article.Id, article.SectionCandidates,
            "INSERT INTO article_section_candidates (article_id, position, value, origin) VALUES ($id, $position, $value, $origin)",
            (command, candidate) => command.With("$value", candidate.Value).With("$origin", candidate.Origin));

    /// <summary>An article's list into its table, one row per item with $id and $position (from 1) set, the rest by <paramref name="bind"/>.</summary>
    private static void InsertInOrder<T>(SqliteTransaction transaction, string articleId, IReadOnlyList<T> items, string sql,
        Func<SqliteCommand, T, SqliteCommand> bind)
    {
        for (var i = 0; i < items.Count; i++)
        {
            using var command = bind(transaction.Connection!.Command(sql, transaction).With("$id", articleId).With("$position", i + 1), items[i]);
            command.ExecuteNonQuery();
        }
    }
}
