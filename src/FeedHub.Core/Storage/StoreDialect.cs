using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using FeedHub.Core.Configuration;

namespace FeedHub.Core.Storage;

/// <summary>
/// Everything that differs between the two databases FeedHub stores in, in one place: how a connection opens, where
/// the schema version lives and how migrations are applied, how writers take turns, JSON lists, full-text search and
/// how a long query is stopped. The store classes write standard SQL (named @parameters, ON CONFLICT, RETURNING) and ask
/// the dialect for the rest; there is no copy of a query per provider.
/// </summary>
internal abstract class StoreDialect
{
    public static StoreDialect For(StoreOptions options) => options.Provider switch
    {
        StoreProvider.Postgres => new PostgresDialect(options.ConnectionString!),
        _ => new SqliteDialect(options.Path),
    };

    /// <summary>
    /// The SQL of the database <paramref name="connection"/> is open on, for code that holds a connection or transaction
    /// rather than the <see cref="Database"/> (the poll's writing steps). Its connection methods are not for use.
    /// </summary>
    public static StoreDialect Of(DbConnection connection) =>
        connection is Npgsql.NpgsqlConnection ? PostgresDialect.SqlOnly : SqliteDialect.SqlOnly;

    /// <summary>What the store is, for messages: the SQLite file, or PostgreSQL's host, port and database.</summary>
    public abstract string Describe { get; }

    public abstract DbConnection Open();

    /// <summary>Brings the schema up to date; safe when several processes start at once.</summary>
    /// <returns>The schema version afterwards.</returns>
    public abstract int Migrate();

    public abstract int ReadVersion(DbConnection connection);

    /// <summary>Held by a writer for its whole transaction: writers take turns (see each dialect for why).</summary>
    public abstract IDisposable EnterWriter();

    /// <summary>Called first thing in a writer's transaction.</summary>
    public virtual void BeginWrite(DbTransaction transaction) { }

    /// <summary>A subquery with one column, value, holding the items of the JSON array in <paramref name="parameter"/>.</summary>
    /// <param name="type">The SQL type of the items (text, or bigint for numbers).</param>
    public abstract string JsonValues(string parameter, string type = "text");

    /// <summary>
    /// An expression giving, as JSON text, an array of arrays: <paramref name="values"/> for each row of
    /// <paramref name="orderedRows"/> (a SELECT with its ORDER BY), in that order; "[]" for none.
    /// </summary>
    public abstract string JsonArrays(string values, string orderedRows);

    /// <summary>A condition: article a holds every word of the full-text query in <paramref name="parameter"/> (null: no filter).</summary>
    public abstract string MatchesText(string parameter);

    /// <summary>People's words as this database's full-text query; null for no words.</summary>
    public abstract string? FullTextQuery(string? text);

    /// <summary>
    /// The best <c>@limit</c> articles for the full-text query <c>@match</c>: <paramref name="columns"/>, then a snippet
    /// (the words in [brackets]) and a rank (lower is better), best first.
    /// </summary>
    public abstract string SearchSql(string columns);

    /// <summary>Runs <paramref name="read"/> (which reads <paramref name="command"/>'s results) within a time budget.</summary>
    [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last",
        Justification = "The read callback goes last so that a lambda can be written inline at every call site.")]
    public abstract T Bounded<T>(DbCommand command, TimeSpan budget, CancellationToken cancellationToken, Func<T> read);

    /// <summary>Called before a <see cref="StoreCopy"/> into this store commits: what copied rows with their ids need.</summary>
    public virtual void AfterCopy(DbTransaction transaction) { }

    /// <summary>
    /// A number that moves whenever anyone commits, cheap to read (SQLite's data_version); null when the database has
    /// none, and readers re-read what they cache at most every <see cref="SectionChanges.RecheckInterval"/>.
    /// </summary>
    public virtual long? ReadDataVersion(DbConnection connection) => null;
}
