namespace FeedHub.Core.Storage;

/// <summary>One step of the schema. Steps are never edited once shipped; a change is a new step.</summary>
/// <param name="Postgres">The step's SQL on PostgreSQL when it differs (steps after its baseline, see <see cref="PostgresMigrations"/>).</param>
internal sealed record Migration(int Version, string Description, string Sql, string? Postgres = null);

/// <summary>
/// The schema, as an append-only list. PRAGMA user_version holds the version a database is at.
/// The tables are a public interface for scripts (see README, "Store schema").
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "sources, articles, their sections and headings", """
            CREATE TABLE sources (
                id                   TEXT PRIMARY KEY,
                url                  TEXT NOT NULL,
                name                 TEXT NOT NULL,
                etag                 TEXT,
                last_modified        TEXT,
                last_fetch_at        TEXT,
                last_success_at      TEXT,
                last_error           TEXT,
                last_error_at        TEXT,
                next_check_at        TEXT,
                consecutive_failures INTEGER NOT NULL DEFAULT 0
            ) STRICT;

            CREATE TABLE articles (
                id                TEXT PRIMARY KEY,
                source_id         TEXT NOT NULL REFERENCES sources (id),
                guid              TEXT NOT NULL,
                url               TEXT,
                title             TEXT NOT NULL,
                published_at      TEXT,
                updated_at        TEXT,
                sort_date         TEXT NOT NULL,
                author            TEXT,
                summary           TEXT,
                content_html      TEXT,
                content_text      TEXT,
                extraction_status TEXT NOT NULL,
                fetched_at        TEXT NOT NULL,
                UNIQUE (source_id, guid)
            ) STRICT;
            CREATE INDEX articles_by_sort_date ON articles (sort_date DESC);

            CREATE TABLE article_sections (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                section    TEXT NOT NULL,
                origin     TEXT NOT NULL,
                PRIMARY KEY (article_id, section)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX article_sections_by_section ON article_sections (section, article_id);

            CREATE TABLE article_headings (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                position   INTEGER NOT NULL,
                level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
                text       TEXT NOT NULL,
                PRIMARY KEY (article_id, position)
            ) STRICT, WITHOUT ROWID;
            """),
        new(2, "sources: permanent moves and disabling", """
            ALTER TABLE sources ADD COLUMN moved_to TEXT;
            ALTER TABLE sources ADD COLUMN moved_from TEXT;
            ALTER TABLE sources ADD COLUMN redirect_candidate TEXT;
            ALTER TABLE sources ADD COLUMN redirect_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE sources ADD COLUMN disabled_reason TEXT;
            ALTER TABLE sources ADD COLUMN disabled_url TEXT;
            """),
        new(3, "articles: page metadata, and the section names found for each", """
            ALTER TABLE articles ADD COLUMN canonical_url TEXT;
            ALTER TABLE articles ADD COLUMN lead_image TEXT;
            ALTER TABLE articles ADD COLUMN language TEXT;
            ALTER TABLE articles ADD COLUMN word_count INTEGER;
            ALTER TABLE articles ADD COLUMN reading_minutes INTEGER;

            CREATE TABLE article_section_candidates (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                position   INTEGER NOT NULL,
                value      TEXT NOT NULL,
                origin     TEXT NOT NULL,
                PRIMARY KEY (article_id, position)
            ) STRICT, WITHOUT ROWID;
            """),
        new(4, "full-text index over titles and article text", """
            CREATE VIRTUAL TABLE articles_fts USING fts5(
                title, content_text, content = 'articles', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2');
            INSERT INTO articles_fts (rowid, title, content_text) SELECT rowid, title, coalesce(content_text, '') FROM articles;
            CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
                INSERT INTO articles_fts (rowid, title, content_text) VALUES (new.rowid, new.title, coalesce(new.content_text, ''));
            END;
            CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
                INSERT INTO articles_fts (articles_fts, rowid, title, content_text) VALUES ('delete', old.rowid, old.title, coalesce(old.content_text, ''));
            END;
            CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, content_text ON articles BEGIN
                INSERT INTO articles_fts (articles_fts, rowid, title, content_text) VALUES ('delete', old.rowid, old.title, coalesce(old.content_text, ''));
                INSERT INTO articles_fts (rowid, title, content_text) VALUES (new.rowid, new.title, coalesce(new.content_text, ''));
            END;
            """),
        new(5, "v_articles: the stable view scripts should query", """
            CREATE VIEW v_articles AS
            SELECT a.id, a.source_id, s.name AS source_name, a.title, a.url, a.canonical_url, a.author,
                   a.published_at, a.updated_at, a.sort_date, a.fetched_at, a.language, a.word_count, a.reading_minutes,
                   a.lead_image, a.summary, a.content_text, a.content_html, a.extraction_status,
                   (SELECT group_concat(section, ' ') FROM (SELECT section FROM article_sections WHERE article_id = a.id ORDER BY section)) AS sections
            FROM articles a JOIN sources s ON s.id = a.source_id;
            """),
        new(6, "article_tombstones: purged entries, so a re-poll doesn't bring them back", """
            CREATE TABLE article_tombstones (
                source_id TEXT NOT NULL,
                guid      TEXT NOT NULL,
                purged_at TEXT NOT NULL,
                PRIMARY KEY (source_id, guid)
            ) STRICT, WITHOUT ROWID;
            """),
        new(7, "article_sections.sort_date: a section's newest articles straight from an index", """
            ALTER TABLE article_sections ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
            UPDATE article_sections SET sort_date = (SELECT sort_date FROM articles WHERE id = article_id);
            CREATE INDEX article_sections_by_date ON article_sections (section, sort_date DESC, article_id);
            INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)');
            """),
        new(8, "article_sources: a story that comes by several feeds is stored once and belongs to each", """
            CREATE TABLE article_sources (
                source_id  TEXT NOT NULL,
                guid       TEXT NOT NULL,
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                added_at   TEXT NOT NULL,
                url        TEXT,
                title      TEXT,
                PRIMARY KEY (source_id, guid)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX article_sources_by_article ON article_sources (article_id, source_id);
            INSERT INTO article_sources (source_id, guid, article_id, added_at, url, title) SELECT source_id, guid, id, fetched_at, url, title FROM articles;
            CREATE INDEX articles_by_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
            DROP VIEW v_articles;
            CREATE VIEW v_articles AS
            SELECT a.id, a.source_id, s.name AS source_name, a.title, a.url, a.canonical_url, a.author,
                   a.published_at, a.updated_at, a.sort_date, a.fetched_at, a.language, a.word_count, a.reading_minutes,
                   a.lead_image, a.summary, a.content_text, a.content_html, a.extraction_status,
                   (SELECT group_concat(section, ' ') FROM (SELECT section FROM article_sections WHERE article_id = a.id ORDER BY section)) AS sections,
                   (SELECT group_concat(source_id, ' ') FROM (SELECT source_id FROM article_sources WHERE article_id = a.id ORDER BY source_id)) AS sources
            FROM articles a JOIN sources s ON s.id = a.source_id;
            """),
        new(9, "sources.feed_format and feed_warning: what the last feed was, and what was wrong with it", """
            ALTER TABLE sources ADD COLUMN feed_format TEXT;
            ALTER TABLE sources ADD COLUMN feed_warning TEXT;
            """),
        new(10, "article_enclosures and articles.comments_url: the media and comment page a feed gives an entry", """
            CREATE TABLE article_enclosures (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                position   INTEGER NOT NULL,
                url        TEXT NOT NULL,
                type       TEXT,
                length     INTEGER,
                PRIMARY KEY (article_id, position)
            ) STRICT, WITHOUT ROWID;
            ALTER TABLE articles ADD COLUMN comments_url TEXT;
            """),
        new(11, "article_sources: what each source last said of its item, so that an edit is seen and applied", """
            ALTER TABLE article_sources ADD COLUMN entry_hash TEXT;
            ALTER TABLE article_sources ADD COLUMN entry_updated_at TEXT;
            ALTER TABLE article_sources ADD COLUMN revised_at TEXT;
            """),
        // Whether a cached feed is current is decided from the store, so that every writer (a poll of this server,
        // `feedhub refresh` in another process, the purge) is seen, and a feed's Last-Modified is when its content
        // last changed rather than its newest article's date. Triggers keep it, so no writer can forget to.
        new(12, "section_changes: a version and a change time per section (and '*' for any), moved by triggers", """
            CREATE TABLE section_changes (
                section    TEXT PRIMARY KEY,
                version    INTEGER NOT NULL,
                changed_at TEXT NOT NULL
            ) STRICT, WITHOUT ROWID;
            CREATE TRIGGER section_changes_on_section_insert AFTER INSERT ON article_sections BEGIN
                INSERT INTO section_changes (section, version, changed_at)
                SELECT value, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM json_each(json_array(NEW.section, '*')) WHERE true
                ON CONFLICT (section) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
            END;
            CREATE TRIGGER section_changes_on_section_delete AFTER DELETE ON article_sections BEGIN
                INSERT INTO section_changes (section, version, changed_at)
                SELECT value, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM json_each(json_array(OLD.section, '*')) WHERE true
                ON CONFLICT (section) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
            END;
            CREATE TRIGGER section_changes_on_article_update AFTER UPDATE ON articles BEGIN
                INSERT INTO section_changes (section, version, changed_at)
                SELECT section, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                FROM (SELECT section FROM article_sections WHERE article_id = NEW.id UNION SELECT '*') WHERE true
                ON CONFLICT (section) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
            END;
            CREATE TRIGGER section_changes_on_membership AFTER INSERT ON article_sources BEGIN
                INSERT INTO section_changes (section, version, changed_at)
                SELECT section, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                FROM (SELECT section FROM article_sections WHERE article_id = NEW.article_id UNION SELECT '*') WHERE true
                ON CONFLICT (section) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
            END;
            INSERT INTO section_changes (section, version, changed_at)
            SELECT section, 1, max(a.fetched_at) FROM article_sections s JOIN articles a ON a.id = s.article_id GROUP BY section
            UNION ALL SELECT '*', 1, coalesce(max(fetched_at), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) FROM articles;
            """),
        // A syndicated copy (another outlet's URL, headline and boilerplate around the same body) joins the story as
        // a canonical-URL match does, through article_sources, which now says why it joined. The MinHash bands of
        // recent texts are the index that finds candidates without reading every text (see StoryText).
        new(13, "syndicated copies: why a source joined a story (match_rule, similarity), and the band index of recent texts", """
            ALTER TABLE article_sources ADD COLUMN match_rule TEXT;
            ALTER TABLE article_sources ADD COLUMN similarity REAL;
            CREATE TABLE article_text_bands (
                band       INTEGER NOT NULL,
                article_id TEXT NOT NULL,
                stored_at  INTEGER NOT NULL,
                PRIMARY KEY (band, article_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX article_text_bands_by_date ON article_text_bands (stored_at);
            DROP VIEW v_articles;
            CREATE VIEW v_articles AS
            SELECT a.id, a.source_id, s.name AS source_name, a.title, a.url, a.canonical_url, a.author,
                   a.published_at, a.updated_at, a.sort_date, a.fetched_at, a.language, a.word_count, a.reading_minutes,
                   a.lead_image, a.summary, a.content_text, a.content_html, a.extraction_status,
                   (SELECT group_concat(section, ' ') FROM (SELECT section FROM article_sections WHERE article_id = a.id ORDER BY section)) AS sections,
                   (SELECT group_concat(source_id, ' ') FROM (SELECT source_id FROM article_sources WHERE article_id = a.id ORDER BY source_id)) AS sources,
                   (SELECT json_group_array(json_object('source', source_id, 'url', url, 'title', title, 'rule', match_rule, 'similarity', similarity))
                    FROM (SELECT * FROM article_sources WHERE article_id = a.id ORDER BY source_id <> a.source_id, added_at, source_id)) AS outlets
            FROM articles a JOIN sources s ON s.id = a.source_id;
            """),
        // The console's and the API's poll history (issue 20): one row per poll that reached the network or was deferred,
        // written by the poller; each source keeps its newest PollHistory.KeptPerSource rows (the poller trims as it writes).
        new(14, "source_polls: each source's recent polls (time, outcome, HTTP status, bytes, duration, new articles, error)", """
            CREATE TABLE source_polls (
                id           INTEGER PRIMARY KEY,
                source_id    TEXT NOT NULL,
                polled_at    TEXT NOT NULL,
                outcome      TEXT NOT NULL,
                http_status  INTEGER,
                bytes        INTEGER,
                duration_ms  INTEGER NOT NULL,
                new_articles INTEGER NOT NULL,
                error        TEXT
            ) STRICT;
            CREATE INDEX source_polls_by_source ON source_polls (source_id, id);
            """),
        // A removed source keeps its row (its articles point at it), so scripts' "what is failing" queries found sources
        // nobody polls any more; the row now says when the source left the config. Set by SourceStore.MarkRemoved.
        new(15, "sources.removed_at: when the source left the config (null while it is configured)", """
            ALTER TABLE sources ADD COLUMN removed_at TEXT;
            """),
        // Several workers share a PostgreSQL store (issue 19): each poll says which one ran it (Database.WorkerId).
        new(16, "source_polls.worker: which worker ran the poll (null for polls recorded before)", """
            ALTER TABLE source_polls ADD COLUMN worker TEXT;
            """),
    ];
}
