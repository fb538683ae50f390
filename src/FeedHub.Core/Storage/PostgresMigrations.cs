namespace FeedHub.Core.Storage;

/// <summary>
/// The schema on PostgreSQL: a baseline that creates SQLite's schema version 15 in one step, then SQLite's later steps
/// (with their PostgreSQL SQL where it differs), so that a version number means the same tables on both providers.
/// The table schema_version holds the version (PostgreSQL has no user_version).
/// </summary>
/// <remarks>
/// Differences from SQLite, all below the documented columns: INTEGER columns that hold byte counts, durations, versions
/// or hashes are BIGINT; source_polls.id is an identity column; the full-text index is the generated column
/// articles.search (tsvector, 'simple' configuration: no stemming, as FTS5's unicode61) with a GIN index rather than
/// the articles_fts table; the triggers are plpgsql. Ids and dates sort in the "C" collation, byte by byte, as in SQLite.
/// </remarks>
internal static class PostgresMigrations
{
    public const int BaselineVersion = 15;

    public static readonly IReadOnlyList<Migration> All =
    [
        new(BaselineVersion, "baseline: SQLite's schema 15", Baseline),
        .. Migrations.All.Where(m => m.Version > BaselineVersion).Select(m => m with { Sql = m.Postgres ?? m.Sql }),
    ];

    private const string Baseline = """
        CREATE TABLE sources (
            id                   TEXT COLLATE "C" PRIMARY KEY,
            url                  TEXT NOT NULL,
            name                 TEXT NOT NULL,
            etag                 TEXT,
            last_modified        TEXT,
            last_fetch_at        TEXT,
            last_success_at      TEXT,
            last_error           TEXT,
            last_error_at        TEXT,
            next_check_at        TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            moved_to             TEXT,
            moved_from           TEXT,
            redirect_candidate   TEXT,
            redirect_count       INTEGER NOT NULL DEFAULT 0,
            disabled_reason      TEXT,
            disabled_url         TEXT,
            feed_format          TEXT,
            feed_warning         TEXT,
            removed_at           TEXT
        );

        CREATE TABLE articles (
            id                TEXT COLLATE "C" PRIMARY KEY,
            source_id         TEXT COLLATE "C" NOT NULL REFERENCES sources (id),
            guid              TEXT COLLATE "C" NOT NULL,
            url               TEXT,
            title             TEXT NOT NULL,
            published_at      TEXT,
            updated_at        TEXT,
            sort_date         TEXT COLLATE "C" NOT NULL,
            author            TEXT,
            summary           TEXT,
            content_html      TEXT,
            content_text      TEXT,
            extraction_status TEXT NOT NULL,
            fetched_at        TEXT COLLATE "C" NOT NULL,
            canonical_url     TEXT COLLATE "C",
            lead_image        TEXT,
            language          TEXT,
            word_count        INTEGER,
            reading_minutes   INTEGER,
            comments_url      TEXT,
            search            tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', coalesce(content_text, '')), 'B')) STORED,
            UNIQUE (source_id, guid)
        );
        CREATE INDEX articles_by_sort_date ON articles (sort_date DESC);
        CREATE INDEX articles_by_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
        CREATE INDEX articles_search ON articles USING gin (search);

        CREATE TABLE article_sections (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            section    TEXT COLLATE "C" NOT NULL,
            origin     TEXT NOT NULL,
            sort_date  TEXT COLLATE "C" NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, section)
        );
        CREATE INDEX article_sections_by_section ON article_sections (section, article_id);
        CREATE INDEX article_sections_by_date ON article_sections (section, sort_date DESC, article_id);

        CREATE TABLE article_headings (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
            text       TEXT NOT NULL,
            PRIMARY KEY (article_id, position)
        );

        CREATE TABLE article_section_candidates (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            value      TEXT NOT NULL,
            origin     TEXT NOT NULL,
            PRIMARY KEY (article_id, position)
        );

        CREATE TABLE article_tombstones (
            source_id TEXT COLLATE "C" NOT NULL,
            guid      TEXT COLLATE "C" NOT NULL,
            purged_at TEXT NOT NULL,
            PRIMARY KEY (source_id, guid)
        );

        CREATE TABLE article_sources (
            source_id        TEXT COLLATE "C" NOT NULL,
            guid             TEXT COLLATE "C" NOT NULL,
            article_id       TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            added_at         TEXT COLLATE "C" NOT NULL,
            url              TEXT,
            title            TEXT,
            entry_hash       TEXT,
            entry_updated_at TEXT,
            revised_at       TEXT,
            match_rule       TEXT,
            similarity       DOUBLE PRECISION,
            PRIMARY KEY (source_id, guid)
        );
        CREATE INDEX article_sources_by_article ON article_sources (article_id, source_id);

        CREATE TABLE article_enclosures (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            url        TEXT NOT NULL,
            type       TEXT,
            length     BIGINT,
            PRIMARY KEY (article_id, position)
        );

        CREATE TABLE article_text_bands (
            band       BIGINT NOT NULL,
            article_id TEXT COLLATE "C" NOT NULL,
            stored_at  BIGINT NOT NULL,
            PRIMARY KEY (band, article_id)
        );
        CREATE INDEX article_text_bands_by_date ON article_text_bands (stored_at);

        CREATE TABLE source_polls (
            id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            source_id    TEXT COLLATE "C" NOT NULL,
            polled_at    TEXT NOT NULL,
            outcome      TEXT NOT NULL,
            http_status  INTEGER,
            bytes        BIGINT,
            duration_ms  BIGINT NOT NULL,
            new_articles INTEGER NOT NULL,
            error        TEXT
        );
        CREATE INDEX source_polls_by_source ON source_polls (source_id, id);

        CREATE TABLE section_changes (
            section    TEXT COLLATE "C" PRIMARY KEY,
            version    BIGINT NOT NULL,
            changed_at TEXT NOT NULL
        );

        -- section_changes moves by triggers, as on SQLite (schema 12): every writer is seen, none can forget.
        CREATE FUNCTION section_changes_bump(changed TEXT[]) RETURNS void LANGUAGE sql AS $$
            INSERT INTO section_changes (section, version, changed_at)
            SELECT DISTINCT s, 1, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM unnest(changed) AS s
            ON CONFLICT (section) DO UPDATE SET version = section_changes.version + 1, changed_at = excluded.changed_at
        $$;
        CREATE FUNCTION section_changes_on_section() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM section_changes_bump(ARRAY[OLD.section, '*']);
                RETURN OLD;
            END IF;
            PERFORM section_changes_bump(ARRAY[NEW.section, '*']);
            RETURN NEW;
        END $$;
        CREATE FUNCTION section_changes_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM section_changes_bump(ARRAY(SELECT section FROM article_sections WHERE article_id = NEW.id UNION SELECT '*'));
            RETURN NEW;
        END $$;
        CREATE FUNCTION section_changes_on_membership() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM section_changes_bump(ARRAY(SELECT section FROM article_sections WHERE article_id = NEW.article_id UNION SELECT '*'));
            RETURN NEW;
        END $$;
        CREATE TRIGGER section_changes_on_section_change AFTER INSERT OR DELETE ON article_sections
            FOR EACH ROW EXECUTE FUNCTION section_changes_on_section();
        CREATE TRIGGER section_changes_on_article_update AFTER UPDATE ON articles
            FOR EACH ROW EXECUTE FUNCTION section_changes_on_article();
        CREATE TRIGGER section_changes_on_membership AFTER INSERT ON article_sources
            FOR EACH ROW EXECUTE FUNCTION section_changes_on_membership();

        CREATE VIEW v_articles AS
        SELECT a.id, a.source_id, s.name AS source_name, a.title, a.url, a.canonical_url, a.author,
               a.published_at, a.updated_at, a.sort_date, a.fetched_at, a.language, a.word_count, a.reading_minutes,
               a.lead_image, a.summary, a.content_text, a.content_html, a.extraction_status,
               (SELECT string_agg(section, ' ' ORDER BY section) FROM article_sections WHERE article_id = a.id) AS sections,
               (SELECT string_agg(source_id, ' ' ORDER BY source_id) FROM article_sources WHERE article_id = a.id) AS sources,
               (SELECT coalesce(json_agg(json_build_object('source', source_id, 'url', url, 'title', title, 'rule', match_rule,
                                                           'similarity', similarity)
                                         ORDER BY source_id <> a.source_id, added_at, source_id), '[]')::text
                FROM article_sources WHERE article_id = a.id) AS outlets
        FROM articles a JOIN sources s ON s.id = a.source_id;
        """;
}
