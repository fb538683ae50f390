using System.Data.Common;
using FeedHub.Core.Configuration;

namespace FeedHub.Core.Storage;

/// <summary>
/// The store, SQLite or PostgreSQL (Store.Provider): opens connections and brings the schema up to date. What differs
/// between the two lives in <see cref="StoreDialect"/>.
/// </summary>
public sealed class Database
{
    public Database(StoreOptions options)
    {
        Provider = options.Provider;
        Dialect = StoreDialect.For(options);
        FilePath = Dialect is SqliteDialect sqlite ? sqlite.FilePath : "";
    }

    public StoreProvider Provider { get; }

    internal StoreDialect Dialect { get; }

    /// <summary>The SQLite file (empty for PostgreSQL).</summary>
    public string FilePath { get; }

    /// <summary>What the store is, for messages: the SQLite file, or PostgreSQL's host, port and database.</summary>
    public string Describe => Dialect.Describe;

    /// <summary>
    /// Which worker this process is, as recorded with each poll (source_polls.worker): the machine and process id unless
    /// set, e.g. to a scheduler's instance id when several workers share the store.
    /// </summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The newest schema version this build knows (the same on both providers).</summary>
    public static int LatestVersion => Migrations.All[^1].Version;

    public DbConnection Open() => Dialect.Open();

    /// <summary>Creates the store if needed and applies the migrations it lacks; safe when several workers start at once.</summary>
    /// <returns>The schema version the database is at afterwards.</returns>
    public int Migrate() => Dialect.Migrate();

    public int ReadVersion()
    {
        using var connection = Open();
        return Dialect.ReadVersion(connection);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is stored, or none. Writers take turns.</summary>
    public void InTransaction(Action<DbTransaction> work)
    {
        using (Dialect.EnterWriter())
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            Dialect.BeginWrite(transaction);
            work(transaction);
            transaction.Commit();
        }
    }
}
