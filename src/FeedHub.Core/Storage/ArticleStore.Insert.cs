using FeedHub.Core.Model;
using Microsoft.Data.Sqlite;

namespace FeedHub.Core.Storage;

/// <summary>The writing side of <see cref="ArticleStore"/>: inserts within a poll's transaction.</summary>
public sealed partial class ArticleStore
{
    /// <summary>
    /// Stores articles within the poll's transaction. An article the source already has
    /// (same source and guid) is left as it is, so a re-poll never duplicates one.
    /// </summary>
    /// <returns>How many were new.</returns>
    public static int Insert(SqliteTransaction transaction, IEnumerable<Article> articles)
    {
        var inserted = 0;
        foreach (var article in articles)
        {
            if (!InsertArticle(transaction, article)) continue;
            inserted++;
            InsertSections(transaction, article);
            InsertHeadings(transaction, article);
            InsertSectionCandidates(transaction, article);
        }
        return inserted;
    }

    private static bool InsertArticle(SqliteTransaction transaction, Article article)
    {
        using var command = transaction.Connection!.Command("""
            INSERT INTO articles (id, source_id, guid, url, title, published_at, updated_at, sort_date,
                                  author, summary, content_html, content_text, extraction_status, fetched_at,
                                  canonical_url, lead_image, language, word_count, reading_minutes)
            VALUES ($id, $source, $guid, $url, $title, $published, $updated, $sortDate,
                    $author, $summary, $html, $text, $status, $fetched,
                    $canonical, $image, $language, $words, $minutes)
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
            .With("$minutes", article.ReadingMinutes);
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
                "INSERT OR IGNORE INTO article_sections (article_id, section, origin, sort_date) VALUES ($id, $section, $origin, $sortDate)",
                transaction).With("$id", article.Id).With("$section", section.Slug).With("$origin", section.Origin)
                .With("$sortDate", SqlValues.Date(SortDate(article)));
            command.ExecuteNonQuery();
        }
    }

    private static void InsertHeadings(SqliteTransaction transaction, Article article)
    {
        for (var i = 0; i < article.Headings.Count; i++)
        {
            using var command = transaction.Connection!.Command(
                "INSERT INTO article_headings (article_id, position, level, text) VALUES ($id, $position, $level, $text)",
                transaction)
                .With("$id", article.Id).With("$position", i + 1)
                .With("$level", article.Headings[i].Level).With("$text", article.Headings[i].Text);
            command.ExecuteNonQuery();
        }
    }

    private static void InsertSectionCandidates(SqliteTransaction transaction, Article article)
    {
        for (var i = 0; i < article.SectionCandidates.Count; i++)
        {
            using var command = transaction.Connection!.Command(
                "INSERT INTO article_section_candidates (article_id, position, value, origin) VALUES ($id, $position, $value, $origin)",
                transaction)
                .With("$id", article.Id).With("$position", i + 1)
                .With("$value", article.SectionCandidates[i].Value).With("$origin", article.SectionCandidates[i].Origin);
            command.ExecuteNonQuery();
        }
    }
}
