using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace FeedHub.Core.Storage;

/// <summary>
/// PostgreSQL, for several workers on one store: the schema version in a table, migrations under an advisory lock,
/// text search with a tsvector column and a GIN index, and a running query stopped by a cancel request.
/// </summary>
internal sealed class PostgresDialect : StoreDialect
{
    /// <summary>pg_advisory_xact_lock keys: one for migrating, one for writing (any numbers, FeedHub's own).</summary>
    private const long MigrationLock = 0x46_48_4D_49_47; // "FHMIG"
    private const long WriterLock = 0x46_48_57_52_54; // "FHWRT"

    /// <summary>The SQL of PostgreSQL, without a server (see <see cref="StoreDialect.Of"/>).</summary>
    public static readonly PostgresDialect SqlOnly = new(null);

    private readonly NpgsqlDataSource? dataSource;
    private readonly NpgsqlConnectionStringBuilder settings;

    public PostgresDialect(string? connectionString)
    {
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString ?? "");
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"the PostgreSQL connection string is not valid: {e.Message}", e);
        }
        dataSource = connectionString is null ? null : NpgsqlDataSource.Create(connectionString);
    }

    public override string Describe => $"PostgreSQL at {settings.Host}:{settings.Port} (database {settings.Database ?? settings.Username})";

    public override DbConnection Open() =>
        (dataSource ?? throw new InvalidOperationException("no PostgreSQL connection string")).OpenConnection();

    /// <remarks>
    /// One transaction under pg_advisory_xact_lock: workers starting together wait for the first, then find the schema
    /// current. PostgreSQL's DDL is transactional, so a failed step leaves the schema as it was.
    /// </remarks>
    public override int Migrate()
    {
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            Execute(transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})");
            Execute(transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            var current = ReadVersion(connection, transaction);
            if (current > Database.LatestVersion)
                throw new InvalidOperationException(
                    $"{Describe}: the database is at schema version {current}, newer than this FeedHub knows ({Database.LatestVersion}); upgrade FeedHub");
            foreach (var migration in PostgresMigrations.All.Where(m => m.Version > current))
            {
                Execute(transaction, migration.Sql);
                Execute(transaction, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({migration.Version})");
            }
            transaction.Commit();
            return ReadVersion(connection);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"{Describe}: {Reason(e)}", e);
        }
    }

    /// <summary>What went wrong, in one line: the server's own message, or why it could not be reached.</summary>
    private static string Reason(NpgsqlException e) => e switch
    {
        PostgresException server => server.MessageText,
        _ => "can't be reached: " + (e.InnerException?.Message ?? e.Message),
    };

    public override int ReadVersion(DbConnection connection) => ReadVersion(connection, null);

    private static int ReadVersion(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.Command(
            "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM schema_version) END",
            transaction);
        try
        {
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    public override IDisposable EnterWriter() => NoLock.Instance;

    /// <remarks>
    /// Writers take turns across the cluster, as SQLite's writers do on one machine: the section_changes triggers update
    /// a row per section and the '*' row, and two polls touching two sections in opposite orders would deadlock. The
    /// lock is held for the transaction only; fetching and extraction happen before it.
    /// </remarks>
    public override void BeginWrite(DbTransaction transaction) => Execute(transaction, $"SELECT pg_advisory_xact_lock({WriterLock})");

    /// <remarks>source_polls.id is an identity column: rows copied with their ids leave its sequence behind them.</remarks>
    public override void AfterCopy(DbTransaction transaction) =>
        Execute(transaction, "SELECT setval(pg_get_serial_sequence('source_polls', 'id'), coalesce(max(id), 0) + 1, false) FROM source_polls");

    public override string JsonValues(string parameter, string type = "text") =>
        $"SELECT CAST(value AS {type}) AS value FROM json_array_elements_text(CAST({parameter} AS json))";

    public override string JsonArrays(string values, string orderedRows) =>
        $"(SELECT coalesce(json_agg(json_build_array({values})), '[]')::text FROM ({orderedRows}) AS items)";

    public override string MatchesText(string parameter) => $"a.search @@ to_tsquery('simple', {parameter})";

    public override string? FullTextQuery(string? text) => SearchText.ToTsQuery(text);

    // ts_rank with the title (weight A) counting 5x the text (weight B), as FTS5's bm25(5.0, 1.0); negated so that, as
    // FTS5's rank, lower is better. ts_headline only for the best rows: it reads the whole text.
    public override string SearchSql(string columns) => $"""
        WITH q AS (SELECT to_tsquery('simple', @match) AS q),
        best AS (SELECT a.id, -ts_rank(ARRAY[0, 0, 0.2, 1.0]::real[], a.search, q.q)::double precision AS rank
                 FROM articles a CROSS JOIN q WHERE a.search @@ q.q ORDER BY rank, a.id LIMIT @limit)
        SELECT {columns},
               ts_headline('simple', coalesce(a.content_text, ''), q.q,
                           'StartSel="[", StopSel="]", MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter="…"'),
               best.rank
        FROM best JOIN articles a ON a.id = best.id CROSS JOIN q
        ORDER BY best.rank, a.id
        """;

    /// <remarks>A cancel request (NpgsqlCommand.Cancel) stops the statement on the server, as sqlite3_interrupt does in SQLite.</remarks>
    public override T Bounded<T>(DbCommand command, TimeSpan budget, CancellationToken cancellationToken, Func<T> read)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(budget);
        try
        {
            using (stop.Token.Register(command.Cancel))
            {
                stop.Token.ThrowIfCancellationRequested();
                return read();
            }
        }
        catch (Exception e) when (e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
                                       or OperationCanceledException { InnerException: PostgresException })
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"the search ran over its time budget of {budget.TotalSeconds:0.###} s and was stopped; use fewer words, or longer ones", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the search ran over its time budget of {budget.TotalSeconds:0.###} s and was stopped; use fewer words, or longer ones", e);
        }
    }

    private static void Execute(DbTransaction transaction, string sql)
    {
        using var command = transaction.Command(sql);
        command.ExecuteNonQuery();
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose() { }
    }
}
