using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedHub.Core.Storage;

/// <summary>The embedded SQLite file: pragmas per connection, PRAGMA user_version, FTS5, one writer in this process at a time.</summary>
internal sealed class SqliteDialect : StoreDialect
{
    private readonly string connectionString;
    private readonly Lock writing = new();

    /// <summary>The SQL of SQLite, without a file (see <see cref="StoreDialect.Of"/>).</summary>
    public static readonly SqliteDialect SqlOnly = new(":memory:");

    public SqliteDialect(string path)
    {
        FilePath = path == ":memory:" ? path : Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30, // seconds a writer waits for another writer's lock
        }.ToString();
    }

    public string FilePath { get; }

    public override string Describe => FilePath;

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // Cascades from articles to their sections and headings need foreign keys on, per connection.
        // synchronous=NORMAL is durable across application crashes in WAL mode (sqlite.org/wal.html).
        Execute(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
        return connection;
    }

    public override int Migrate()
    {
        StoreFolder.Create(FilePath);
        using var connection = OpenNamed();
        var current = ReadVersion(connection);
        if (current > Database.LatestVersion)
            throw new InvalidOperationException(
                $"{FilePath}: the database is at schema version {current}, newer than this FeedHub knows ({Database.LatestVersion}); upgrade FeedHub");
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, migration.Sql + $"\nPRAGMA user_version = {migration.Version};", transaction);
            transaction.Commit();
        }
        return ReadVersion(connection);
    }

    /// <summary>
    /// The store opened in WAL mode (feed readers read while a poll writes; the mode is stored in the file). A file that
    /// is no SQLite database, or one that can't be opened, is said with its path: SQLite's own "file is not a
    /// database" named no file, so `feedhub status` on a mistyped Store.Path left the operator guessing.
    /// </summary>
    private DbConnection OpenNamed()
    {
        DbConnection? connection = null;
        try
        {
            connection = Open();
            Execute(connection, "PRAGMA journal_mode = WAL;");
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 14 or 26) // SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_NOTADB
        {
            connection?.Dispose();
            var why = e.SqliteErrorCode == 14 ? "can't be opened or created (check the folder's permissions)" : "is not a SQLite database (or is damaged)";
            throw new InvalidOperationException($"the store {FilePath} {why}: {e.Message} Point Store.Path at FeedHub's store, or at a file that does not exist yet.", e);
        }
    }

    public override int ReadVersion(DbConnection connection)
    {
        using var command = connection.Command("PRAGMA user_version;");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <remarks>
    /// This process's writers take turns on a lock: SQLite allows one writer at a time anyway, and a writer that finds the
    /// file locked is retried by Microsoft.Data.Sqlite only every 150 ms, which with many polls finishing together (issue 18)
    /// cost more than the writes.
    /// </remarks>
    public override IDisposable EnterWriter() => new Held(writing);

    private sealed class Held : IDisposable
    {
        private readonly Lock held;

        public Held(Lock gate)
        {
            held = gate;
            held.Enter();
        }

        public void Dispose() => held.Exit();
    }

    public override string JsonValues(string parameter, string type = "text") => $"SELECT value FROM json_each({parameter})";

    public override string JsonArrays(string values, string orderedRows) =>
        $"(SELECT json_group_array(json_array({values})) FROM ({orderedRows}))";

    public override string MatchesText(string parameter) =>
        $"a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {parameter})";

    public override string? FullTextQuery(string? text) => SearchText.ToFullTextQuery(text);

    // Rank inside the index first (FTS5's rank column, bm25 with titles weighted 5x, set by migration 7);
    // only the best rows are joined to their articles and get a snippet.
    public override string SearchSql(string columns) => $"""
        WITH best AS (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH @match ORDER BY rank LIMIT @limit)
        SELECT {columns}, snippet(articles_fts, 1, '[', ']', '…', 16), best.rank
        FROM best JOIN articles a ON a.rowid = best.rowid
                  JOIN articles_fts ON articles_fts.rowid = best.rowid AND articles_fts MATCH @match
        ORDER BY best.rank
        """;

    public override T Bounded<T>(DbCommand command, TimeSpan budget, CancellationToken cancellationToken, Func<T> read) =>
        QueryBudget.Run((SqliteConnection)command.Connection!, budget, cancellationToken, read);

    public override long? ReadDataVersion(DbConnection connection)
    {
        using var pragma = connection.Command("PRAGMA data_version");
        return (long)pragma.ExecuteScalar()!;
    }

    private static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.Command(sql, transaction);
        command.ExecuteNonQuery();
    }
}
