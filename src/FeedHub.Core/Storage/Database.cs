using FeedHub.Core.Configuration;
using Microsoft.Data.Sqlite;

namespace FeedHub.Core.Storage;

/// <summary>The SQLite file: opens connections with FeedHub's pragmas and brings the schema up to date.</summary>
public sealed class Database
{
    private readonly string connectionString;
    private readonly Lock writing = new();

    public Database(StoreOptions options)
    {
        FilePath = Path.GetFullPath(options.Path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30, // seconds a writer waits for another writer's lock
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Migrations.All[^1].Version;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // Cascades from articles to their sections and headings need foreign keys on, per connection.
        // synchronous=NORMAL is durable across application crashes in WAL mode (sqlite.org/wal.html).
        Execute(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
        return connection;
    }

    /// <summary>Creates the file if needed, switches it to WAL and applies the migrations it lacks.</summary>
    /// <returns>The schema version the database is at afterwards.</returns>
    public int Migrate()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var connection = Open();
        // WAL lets feed readers read while a poll writes; the mode is stored in the file.
        Execute(connection, "PRAGMA journal_mode = WAL;");
        var current = ReadVersion(connection);
        if (current > LatestVersion)
            throw new InvalidOperationException(
                $"{FilePath}: the database is at schema version {current}, newer than this FeedHub knows ({LatestVersion}); upgrade FeedHub");
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
            Apply(connection, migration);
        return ReadVersion(connection);
    }

    public int ReadVersion()
    {
        using var connection = Open();
        return ReadVersion(connection);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is stored, or none.</summary>
    /// <remarks>
    /// This process's writers take turns on a lock: SQLite allows one writer at a time anyway, and a writer that finds the
    /// file locked is retried by Microsoft.Data.Sqlite only every 150 ms, which with many polls finishing together (issue 18)
    /// cost more than the writes.
    /// </remarks>
    public void InTransaction(Action<SqliteTransaction> work)
    {
        lock (writing)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            work(transaction);
            transaction.Commit();
        }
    }

    private static void Apply(SqliteConnection connection, Migration migration)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = migration.Sql + $"\nPRAGMA user_version = {migration.Version};";
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
