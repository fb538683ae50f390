using System.Data.Common;
using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>
/// An item a source has delivered before: its link and title as the source gave them, the article holding it, what the
/// feed said of it (null for items stored before schema 11) and when an edit of it was last applied (all null once purged).
/// </summary>
public sealed record KnownEntry(Uri? Url, string? Title, string? ArticleId = null, EntryVersion? Version = null, DateTimeOffset? RevisedAt = null);

/// <summary>The articles table with each article's sections and headings.</summary>
public sealed partial class ArticleStore(Database database)
{
    private StoreDialect Dialect => database.Dialect;

    /// <summary>
    /// Which of <paramref name="guids"/> this source has already stored (with the link and title it gave them then),
    /// or stored and purged (link and title null).
    /// </summary>
    public IReadOnlyDictionary<string, KnownEntry> FindKnownGuids(string sourceId, IEnumerable<string> guids)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT guid, url, title, article_id, entry_hash, entry_updated_at, revised_at FROM article_sources
            WHERE source_id = @source AND guid IN ({Dialect.JsonValues("@guids")})
            UNION ALL SELECT guid, NULL, NULL, NULL, NULL, NULL, NULL FROM article_tombstones
            WHERE source_id = @source AND guid IN ({Dialect.JsonValues("@guids")})
            """)
            .With("@source", sourceId)
            .With("@guids", System.Text.Json.JsonSerializer.Serialize(guids));
        using var reader = command.ExecuteReader();
        var known = new Dictionary<string, KnownEntry>(StringComparer.Ordinal);
        while (reader.Read())
            known.TryAdd(reader.GetString(0), new KnownEntry(SqlValues.ReadUrl(reader, 1), SqlValues.ReadText(reader, 2), SqlValues.ReadText(reader, 3),
                SqlValues.ReadText(reader, 4) is { } hash ? new EntryVersion(hash, SqlValues.ReadDate(reader, 5)) : null, SqlValues.ReadDate(reader, 6)));
        return known;
    }

    /// <summary>Stored articles of other sources by canonical URL, for entries whose story another feed already brought.</summary>
    public IReadOnlyDictionary<string, Article> FindByCanonicalUrl(string sourceId, IEnumerable<string> urls)
    {
        var wanted = urls.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<string, Article>();
        using var connection = database.Open();
        using var command = connection.Command($"""
            SELECT {Columns(Dialect)} FROM articles a WHERE a.canonical_url IN ({Dialect.JsonValues("@urls")})
              AND NOT EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id AND s.source_id = @source)
            ORDER BY a.sort_date
            """).With("@urls", System.Text.Json.JsonSerializer.Serialize(wanted)).With("@source", sourceId);
        var found = new Dictionary<string, Article>(StringComparer.Ordinal);
        foreach (var article in WithSectionsAndHeadings(connection, ReadArticles(command)))
            found.TryAdd(article.CanonicalUrl!.AbsoluteUri, article with { SectionCandidates = ReadSectionCandidates(connection, article.Id) });
        return found;
    }

    /// <summary>The newest articles of a section (or of all sections when <paramref name="section"/> is null).</summary>
    public IReadOnlyList<Article> FindLatest(string? section, int limit) =>
        Find(new ArticleQuery { Sections = section is null ? [] : [section], Limit = limit });

    /// <summary>How long a query that reads the full-text index may run before SQLite is stopped (<see cref="QueryBudget"/>).</summary>
    public TimeSpan SearchBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Articles newest first (by sort_date, then id), filtered and paged by <paramref name="query"/>. A query with
    /// text runs within <see cref="SearchBudget"/> and stops when <paramref name="cancellationToken"/> does.
    /// </summary>
    public IReadOnlyList<Article> Find(ArticleQuery query, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = query.Sections.Count > 0 && query.SourceId is null && query.Since is null && query.Text is null
            ? BySections(connection, Dialect, query)
            : query.SourceId is not null && query.Sections.Count == 0 && query.Since is null && query.Text is null
            ? BySource(connection, Dialect, query)
            : connection.Command($"""
            SELECT {Columns(Dialect)} FROM articles a
            WHERE (@anySection = 0
                   OR a.id IN (SELECT article_id FROM article_sections WHERE section IN ({Dialect.JsonValues("@sections")})))
              AND (@source IS NULL OR a.id IN (SELECT article_id FROM article_sources WHERE source_id = @source))
              AND (@since IS NULL OR a.sort_date >= @since)
              AND (@match IS NULL OR {Dialect.MatchesText("@match")})
              AND (@beforeDate IS NULL OR a.sort_date < @beforeDate OR (a.sort_date = @beforeDate AND a.id > @beforeId))
            ORDER BY a.sort_date DESC, a.id
            LIMIT @limit
            """)
            .With("@sections", System.Text.Json.JsonSerializer.Serialize(query.Sections))
            .With("@anySection", query.Sections.Count)
            .With("@source", query.SourceId)
            .With("@since", SqlValues.Date(query.Since))
            .With("@match", Dialect.FullTextQuery(query.Text))
            .With("@beforeDate", SqlValues.Date(query.After?.SortDate))
            .With("@beforeId", query.After?.Id)
            .With("@limit", query.Limit);
        return query.Text is null
            ? WithSectionsAndHeadings(connection, ReadArticles(command))
            : Dialect.Bounded(command, SearchBudget, cancellationToken, () => WithSectionsAndHeadings(connection, ReadArticles(command)));
    }

    /// <summary>
    /// A section feed's page straight from the (section, sort_date) index: the newest entries of the
    /// sections in order, then their articles. Only for queries that filter by sections alone, since
    /// the inner limit would cut short a query that filters further.
    /// </summary>
    /// <remarks>
    /// The sections are parameters of their own (IN (@section0, ...)) rather than a JSON list: with one section that is an
    /// equality, and PostgreSQL then reads the (section, sort_date) index in order and stops after the page; it can't
    /// do that for a list it learns only when it runs.
    /// </remarks>
    private static DbCommand BySections(DbConnection connection, StoreDialect dialect, ArticleQuery query)
    {
        var names = query.Sections.Select((_, i) => "@section" + i).ToList();
        var command = connection.Command($"""
            SELECT {Columns(dialect)} FROM articles a
            WHERE a.id IN (SELECT s.article_id FROM article_sections s
                           WHERE s.section IN ({string.Join(", ", names)})
                             AND (@beforeDate IS NULL OR s.sort_date < @beforeDate OR (s.sort_date = @beforeDate AND s.article_id > @beforeId))
                           ORDER BY s.sort_date DESC, s.article_id
                           LIMIT @innerLimit)
            ORDER BY a.sort_date DESC, a.id
            LIMIT @limit
            """)
            .With("@innerLimit", query.Limit * query.Sections.Count)
            .With("@beforeDate", SqlValues.Date(query.After?.SortDate))
            .With("@beforeId", query.After?.Id)
            .With("@limit", query.Limit);
        for (var i = 0; i < names.Count; i++) command.With(names[i], query.Sections[i]);
        return command;
    }

    /// <summary>A source's page, starting from its memberships (a few thousand rows) rather than every article by date.</summary>
    private static DbCommand BySource(DbConnection connection, StoreDialect dialect, ArticleQuery query) =>
        connection.Command($"""
            SELECT {Columns(dialect)} FROM articles a
            WHERE a.id IN (SELECT b.id FROM article_sources m JOIN articles b ON b.id = m.article_id
                           WHERE m.source_id = @source
                             AND (@beforeDate IS NULL OR b.sort_date < @beforeDate OR (b.sort_date = @beforeDate AND b.id > @beforeId))
                           ORDER BY b.sort_date DESC, b.id
                           LIMIT @limit)
            ORDER BY a.sort_date DESC, a.id
            """)
            .With("@source", query.SourceId)
            .With("@beforeDate", SqlValues.Date(query.After?.SortDate))
            .With("@beforeId", query.After?.Id)
            .With("@limit", query.Limit);

    /// <summary>
    /// Puts every stored article through <paramref name="assign"/> again (after the section rules
    /// changed) and stores the sections that differ, a batch per transaction.
    /// </summary>
    /// <returns>How many articles changed sections.</returns>
    public int Resection(Func<Article, IReadOnlyList<ArticleSection>> assign)
    {
        const int batchSize = 500;
        var changed = 0;
        string? lastId = null;
        while (true)
        {
            using var connection = database.Open();
            using var command = connection.Command($"""
                SELECT {Columns(Dialect)} FROM articles a WHERE @after IS NULL OR a.id > @after ORDER BY a.id LIMIT {batchSize}
                """).With("@after", lastId);
            var batch = ReadArticles(command);
            if (batch.Count == 0) return changed;
            using var transaction = connection.BeginTransaction();
            using var statements = new Statements(transaction);
            foreach (var article in batch)
            {
                var current = ReadSections(connection, article.Id, transaction);
                var wanted = assign(article with { SectionCandidates = ReadSectionCandidates(connection, article.Id, transaction) });
                if (current.OrderBy(s => s.Slug).SequenceEqual(wanted.OrderBy(s => s.Slug))) continue;
                using var delete = connection.Command("DELETE FROM article_sections WHERE article_id = @id", transaction).With("@id", article.Id);
                delete.ExecuteNonQuery();
                InsertSections(statements, article with { Sections = wanted });
                changed++;
            }
            transaction.Commit();
            lastId = batch[^1].Id;
        }
    }


    /// <summary>Where a page of <see cref="Find"/> ended: the next page starts after it.</summary>
    public static PageCursor CursorAfter(Article last) => new(SortDate(last), last.Id);

    /// <summary>A search hit: the article, a snippet of the text around the words, and its rank (lower is better).</summary>
    public sealed record SearchHit(Article Article, string Snippet, double Rank);

    /// <summary>
    /// Articles holding every word of <paramref name="text"/>, best match first (FTS5 bm25), with snippets; within
    /// <see cref="SearchBudget"/>, and stopped when <paramref name="cancellationToken"/> is.
    /// </summary>
    public IReadOnlyList<SearchHit> Search(string text, int limit, CancellationToken cancellationToken = default)
    {
        if (Dialect.FullTextQuery(text) is not { } match) return [];
        using var connection = database.Open();
        using var command = connection.Command(Dialect.SearchSql(Columns(Dialect))).With("@match", match).With("@limit", limit);
        return Dialect.Bounded(command, SearchBudget, cancellationToken, () =>
        {
            using var reader = command.ExecuteReader();
            var hits = new List<SearchHit>();
            while (reader.Read()) hits.Add(new SearchHit(ReadArticle(reader), reader.GetString(ColumnCount), reader.GetDouble(ColumnCount + 1)));
            return hits;
        });
    }

    /// <summary>One article with its sections, headings and section candidates, or null.</summary>
    public Article? FindById(string id)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {Columns(Dialect)} FROM articles a WHERE a.id = @id").With("@id", id);
        var found = ReadArticles(command).SingleOrDefault();
        return found is null ? null : found with
        {
            Sections = ReadSections(connection, found.Id),
            Headings = ReadHeadings(connection, found.Id),
            SectionCandidates = ReadSectionCandidates(connection, found.Id),
        };
    }

    /// <summary>
    /// Deletes articles dated before <paramref name="olderThan"/> (and, when <paramref name="storedBefore"/> is given,
    /// stored before that too), and each source's articles beyond its newest <paramref name="maxPerSource"/>, leaving
    /// a tombstone (source and guid) for each so that a feed that still lists them doesn't bring them back. One transaction.
    /// </summary>
    /// <returns>How many articles were purged.</returns>
    public int Purge(DateTimeOffset? olderThan, int? maxPerSource, DateTimeOffset now, DateTimeOffset? storedBefore = null)
    {
        var purged = 0;
        database.InTransaction(transaction =>
        {
            using (var create = transaction.Command("CREATE TEMP TABLE IF NOT EXISTS doomed (id TEXT PRIMARY KEY)"))
                create.ExecuteNonQuery();
            using (var doomed = transaction.Command("""
                DELETE FROM doomed;
                INSERT INTO doomed SELECT id FROM articles WHERE @cutoff IS NOT NULL AND sort_date < @cutoff AND (@stored IS NULL OR fetched_at < @stored)
                    ON CONFLICT DO NOTHING;
                INSERT INTO doomed SELECT id FROM (
                    SELECT id, row_number() OVER (PARTITION BY source_id ORDER BY sort_date DESC, id) AS n FROM articles) AS ranked
                    WHERE @max IS NOT NULL AND n > @max
                    ON CONFLICT DO NOTHING;
                INSERT INTO article_tombstones (source_id, guid, purged_at)
                    SELECT source_id, guid, @now FROM article_sources WHERE article_id IN (SELECT id FROM doomed)
                    ON CONFLICT (source_id, guid) DO UPDATE SET purged_at = excluded.purged_at;
                """)
                .With("@cutoff", SqlValues.Date(olderThan))
                .With("@stored", SqlValues.Date(storedBefore))
                .With("@max", maxPerSource)
                .With("@now", SqlValues.Date(now)))
                doomed.ExecuteNonQuery();
            using var delete = transaction.Command("DELETE FROM articles WHERE id IN (SELECT id FROM doomed)");
            purged = delete.ExecuteNonQuery();
        });
        return purged;
    }

    /// <summary>How many articles each source has.</summary>
    public IReadOnlyDictionary<string, long> CountBySource()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT source_id, count(DISTINCT article_id) FROM article_sources GROUP BY source_id");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) counts[reader.GetString(0)] = SqlValues.ReadLong(reader, 1);
        return counts;
    }

    /// <summary>How many articles each section holds.</summary>
    public IReadOnlyDictionary<string, long> CountBySection()
    {
        using var connection = database.Open();
        using var command = connection.Command("SELECT section, count(*) FROM article_sections GROUP BY section");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) counts[reader.GetString(0)] = SqlValues.ReadLong(reader, 1);
        return counts;
    }

    public long Count(string? sourceId = null)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            "SELECT CASE WHEN @source IS NULL THEN (SELECT count(*) FROM articles) ELSE (SELECT count(DISTINCT article_id) FROM article_sources WHERE source_id = @source) END")
            .With("@source", sourceId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
