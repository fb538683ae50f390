using System.Data.Common;
using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>
/// An item a source listed again and said something new of (<see cref="EntryVersion.IsEditOf"/>), or said first before
/// schema 11 kept what it said: the source's link, title and version of it, and the article rebuilt from it when the edit
/// is the article's to take. <see cref="PageFetchedAt"/> is set when the page was fetched again for it.
/// </summary>
public sealed record Revision(string SourceId, string Guid, Uri? Url, string Title, EntryVersion Version, Article? Article, DateTimeOffset? PageFetchedAt);

/// <summary>The writing side of <see cref="ArticleStore"/>: inserts and edits within a poll's transaction.</summary>
public sealed partial class ArticleStore
{
    /// <summary>
    /// Stores articles within the poll's transaction. An article the source already has (same source and guid)
    /// is left as it is, so a re-poll never duplicates one. A story already stored under the same canonical URL
    /// (it came by another feed, or by another guid of this one) is not stored again: the source and guid are
    /// added to it, with the sections this source gives it.
    /// </summary>
    /// <remarks>
    /// An article with a <see cref="Article.CopyWindow"/> whose text is another source's story stored within that
    /// window (a syndicated copy, see <see cref="StoryText"/>) joins that story the same way, the similarity and the
    /// rule kept with its membership; otherwise its text is indexed for the copies to come.
    /// </remarks>
    /// <returns>How many were new to their source (stored, or added to the same story).</returns>
    public static int Insert(DbTransaction transaction, IEnumerable<Article> articles) => Insert(transaction, articles, out _);

    /// <param name="linked">How many of those were stories stored already, which the source was added to (nothing new to readers).</param>
    public static int Insert(DbTransaction transaction, IEnumerable<Article> articles, out int linked)
    {
        var list = articles.ToList();
        ForgetOldTexts(transaction, list);
        using var statements = new Statements(transaction);
        var stored = 0;
        linked = 0;
        foreach (var article in list)
        {
            if (FindSameStory(statements, article) is { } existing)
            {
                if (!Join(statements, existing, article, new CopyMatch(1, CanonicalUrlRule))) continue;
                stored++;
                linked++;
                continue;
            }
            var text = article.CopyWindow is null ? null : StoryText.Of(article.ContentText);
            var bands = text?.Bands() ?? [];
            if (text is not null && FindCopy(statements, article, text, bands) is { } copy)
            {
                if (!Join(statements, copy.ArticleId, article, copy.Match)) continue;
                stored++;
                linked++;
                continue;
            }
            if (!InsertArticle(statements, article)) continue;
            AddSource(statements, article.Id, article, null);
            stored++;
            InsertParts(statements, article);
            IndexText(statements, article, bands);
        }
        return stored;
    }

    /// <summary>The <c>article_sources.match_rule</c> of a source that joined a story by its canonical URL.</summary>
    public const string CanonicalUrlRule = "canonical-url";

    /// <summary>Adds the article's source and guid to the stored story, with the sections this source gives it.</summary>
    /// <returns>False when the source already had this guid.</returns>
    private static bool Join(Statements statements, string storyId, Article article, CopyMatch match)
    {
        if (!AddSource(statements, storyId, article, match)) return false;
        InsertSections(statements, article with { Id = storyId });
        return true;
    }

    private static void InsertParts(Statements statements, Article article)
    {
        InsertSections(statements, article);
        InsertHeadings(statements, article);
        InsertSectionCandidates(statements, article);
        InsertEnclosures(statements, article);
    }

    /// <summary>
    /// Stores what a source said anew of items it had listed before, within the poll's transaction: its membership row
    /// (link, title, what the entry said) always; the article, with its parts and sections, when <see cref="Revision.Article"/>
    /// is given and the source brought it first. The full-text index follows by the articles_fts_update trigger.
    /// </summary>
    /// <returns>The sections the changed articles were in before or are in now: their feeds are stale.</returns>
    public static IReadOnlySet<string> Revise(DbTransaction transaction, IEnumerable<Revision> revisions)
    {
        var stale = new HashSet<string>(StringComparer.Ordinal);
        using var statements = new Statements(transaction);
        foreach (var revision in revisions)
        {
            using (var command = transaction.Connection!.Command("""
                UPDATE article_sources SET url = @url, title = @title, entry_hash = @hash, entry_updated_at = @entryUpdated,
                    revised_at = coalesce(@revised, revised_at)
                WHERE source_id = @source AND guid = @guid
                """, transaction)
                .With("@source", revision.SourceId).With("@guid", revision.Guid).With("@url", SqlValues.Text(revision.Url?.AbsoluteUri))
                .With("@title", revision.Title).With("@hash", revision.Version.Hash).With("@entryUpdated", SqlValues.Date(revision.Version.Updated))
                .With("@revised", SqlValues.Date(revision.PageFetchedAt)))
                command.ExecuteNonQuery();
            if (revision.Article is { } article) Replace(statements, article, stale);
        }
        return stale;
    }

    /// <summary>
    /// Articles whose pages were extracted again (`feedhub reextract`, after site rules changed): each replaced with its
    /// parts and sections within the caller's transaction; what sources said of their items is left as it was.
    /// </summary>
    /// <returns>The sections the changed articles were in before or are in now: their feeds are stale.</returns>
    public static IReadOnlySet<string> Replace(DbTransaction transaction, IEnumerable<Article> articles)
    {
        var stale = new HashSet<string>(StringComparer.Ordinal);
        using var statements = new Statements(transaction);
        foreach (var article in articles) Replace(statements, article, stale);
        return stale;
    }

    private static void Replace(Statements statements, Article article, HashSet<string> stale)
    {
        var transaction = statements.Transaction;
        if (!UpdateArticle(transaction, article)) return;
        stale.UnionWith(ReadSections(transaction.Connection!, article.Id, transaction).Select(s => s.Slug));
        stale.UnionWith(article.Sections.Select(s => s.Slug));
        using (var delete = transaction.Connection!.Command("""
            DELETE FROM article_sections WHERE article_id = @id;
            DELETE FROM article_headings WHERE article_id = @id;
            DELETE FROM article_section_candidates WHERE article_id = @id;
            DELETE FROM article_enclosures WHERE article_id = @id;
            """, transaction).With("@id", article.Id))
            delete.ExecuteNonQuery();
        InsertParts(statements, article);
    }

    /// <summary>
    /// The stored article that is this story: the one it was matched to before building, or another source's with
    /// its canonical URL. Items of one feed are its own to tell apart: two of its entries are never merged.
    /// </summary>
    private static string? FindSameStory(Statements statements, Article article)
    {
        var command = statements.Command("""
            SELECT id FROM articles a
            WHERE a.id = @id OR (@canonical IS NOT NULL AND a.canonical_url = @canonical
                                 AND NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id AND s.source_id = @source))
            ORDER BY CASE WHEN a.id = @id THEN 0 ELSE 1 END, a.sort_date LIMIT 1
            """)
            .With("@id", article.Id)
            .With("@source", article.SourceId)
            .With("@canonical", SqlValues.Text(article.CanonicalUrl?.AbsoluteUri));
        return command.ExecuteScalar() as string;
    }

    /// <param name="match">Why the source joins a story another source brought; null for the source that brings it.</param>
    /// <returns>False when the source already had this guid.</returns>
    private static bool AddSource(Statements statements, string articleId, Article article, CopyMatch? match)
    {
        var command = statements.Command(
            """
            INSERT INTO article_sources (source_id, guid, article_id, added_at, url, title, entry_hash, entry_updated_at, match_rule, similarity)
            VALUES (@source, @guid, @id, @added, @url, @title, @hash, @entryUpdated, @rule, @similarity)
            ON CONFLICT DO NOTHING
            """)
            .With("@rule", match?.Rule).With("@similarity", match is { Rule: not CanonicalUrlRule } ? match.Similarity : null)
            .With("@source", article.SourceId).With("@guid", article.Guid).With("@id", articleId).With("@added", SqlValues.Date(article.FetchedAt))
            .With("@url", SqlValues.Text(article.Url?.AbsoluteUri)).With("@title", article.Title)
            .With("@hash", SqlValues.Text(article.EntryVersion?.Hash)).With("@entryUpdated", SqlValues.Date(article.EntryVersion?.Updated));
        return command.ExecuteNonQuery() == 1;
    }

    private static bool InsertArticle(Statements statements, Article article)
    {
        var command = BindArticle(statements.Command("""
            INSERT INTO articles (id, source_id, guid, url, title, published_at, updated_at, sort_date,
                                  author, summary, content_html, content_text, extraction_status, fetched_at,
                                  canonical_url, lead_image, language, word_count, reading_minutes, comments_url)
            VALUES (@id, @source, @guid, @url, @title, @published, @updated, @sortDate,
                    @author, @summary, @html, @text, @status, @fetched,
                    @canonical, @image, @language, @words, @minutes, @comments)
            ON CONFLICT DO NOTHING
            """), article);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>
    /// An edit of the article by the source that brought it first (no other source's edit changes it). It keeps its
    /// id, guid and fetched_at, so it keeps its place in feeds unless its publication date changed.
    /// </summary>
    /// <returns>False when the article is not this source's to change, or no longer stored.</returns>
    private static bool UpdateArticle(DbTransaction transaction, Article article)
    {
        using var command = BindArticle(transaction.Connection!.Command("""
            UPDATE articles SET url = @url, title = @title, published_at = @published, updated_at = @updated,
                sort_date = CASE WHEN @published IS NOT NULL AND @published <= fetched_at THEN @published ELSE fetched_at END,
                author = @author, summary = @summary, content_html = @html, content_text = @text, extraction_status = @status,
                canonical_url = @canonical, lead_image = @image, language = @language, word_count = @words,
                reading_minutes = @minutes, comments_url = @comments
            WHERE id = @id AND source_id = @source
            """, transaction), article);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>The article's columns as parameters, for both <see cref="InsertArticle"/> and <see cref="UpdateArticle"/>.</summary>
    private static DbCommand BindArticle(DbCommand command, Article article) => command
        .With("@id", article.Id)
        .With("@source", article.SourceId)
        .With("@guid", article.Guid)
        .With("@url", SqlValues.Text(article.Url?.AbsoluteUri))
        .With("@title", article.Title)
        .With("@published", SqlValues.Date(article.Published))
        .With("@updated", SqlValues.Date(article.Updated))
        .With("@sortDate", SqlValues.Date(SortDate(article)))
        .With("@author", SqlValues.Text(article.Author))
        .With("@summary", SqlValues.Text(article.Summary))
        .With("@html", SqlValues.Text(article.ContentHtml))
        .With("@text", SqlValues.Text(article.ContentText))
        .With("@status", article.Extraction.ToString())
        .With("@fetched", SqlValues.Date(article.FetchedAt))
        .With("@canonical", SqlValues.Text(article.CanonicalUrl?.AbsoluteUri))
        .With("@image", SqlValues.Text(article.LeadImage?.AbsoluteUri))
        .With("@language", SqlValues.Text(article.Language))
        .With("@words", article.WordCount)
        .With("@minutes", article.ReadingMinutes)
        .With("@comments", SqlValues.Text(article.CommentsUrl?.AbsoluteUri));

    /// <summary>
    /// Feeds list articles by publication date, but an entry with no date, or one dated in the
    /// future, would sit on top forever; those sort by when FeedHub fetched them.
    /// </summary>
    private static DateTimeOffset SortDate(Article article) =>
        article.Published is { } published && published <= article.FetchedAt ? published : article.FetchedAt;

    private static void InsertSections(Statements statements, Article article)
    {
        foreach (var section in article.Sections)
        {
            var command = statements.Command(
                """
                INSERT INTO article_sections (article_id, section, origin, sort_date) SELECT id, @section, @origin, sort_date FROM articles WHERE id = @id
                ON CONFLICT DO NOTHING
                """).With("@id", article.Id).With("@section", section.Slug).With("@origin", section.Origin);
            command.ExecuteNonQuery();
        }
    }

    private static void InsertHeadings(Statements statements, Article article) =>
        InsertInOrder(statements, article.Id, article.Headings,
            "INSERT INTO article_headings (article_id, position, level, text) VALUES (@id, @position, @level, @text)",
            (command, heading) => command.With("@level", heading.Level).With("@text", heading.Text));

    private static void InsertEnclosures(Statements statements, Article article) =>
        InsertInOrder(statements, article.Id, article.Enclosures,
            "INSERT INTO article_enclosures (article_id, position, url, type, length) VALUES (@id, @position, @url, @type, @length)",
            (command, enclosure) => command.With("@url", enclosure.Href).With("@type", SqlValues.Text(enclosure.Type)).With("@length", enclosure.Length));

    private static void InsertSectionCandidates(Statements statements, Article article) =>
        InsertInOrder(statements, article.Id, article.SectionCandidates,
            "INSERT INTO article_section_candidates (article_id, position, value, origin) VALUES (@id, @position, @value, @origin)",
            (command, candidate) => command.With("@value", candidate.Value).With("@origin", candidate.Origin));

    /// <summary>An article's list into its table, one row per item with @id and @position (from 1) set, the rest by <paramref name="bind"/>.</summary>
    private static void InsertInOrder<T>(Statements statements, string articleId, IReadOnlyList<T> items, string sql,
        Func<DbCommand, T, DbCommand> bind)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var command = bind(statements.Command(sql).With("@id", articleId).With("@position", i + 1), items[i]);
            command.ExecuteNonQuery();
        }
    }
}
