using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FeedHub.Core.Storage;

/// <summary>
/// Bounds the time one read may take: SQLite is interrupted (sqlite3_interrupt) when the caller gives up or the
/// budget runs out. Microsoft.Data.Sqlite's commands take no cancellation token that reaches SQLite, and
/// CommandTimeout only bounds waiting for a lock, so a costly full-text query would otherwise run to its end
/// after the reader who sent it has gone.
/// </summary>
public static class QueryBudget
{
    /// <summary>
    /// Runs <paramref name="read"/> (which must finish reading before it returns) on <paramref name="connection"/>.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> stopped it, and
    /// <see cref="TimeoutException"/> naming the budget when the budget did.
    /// </summary>
    [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last",
        Justification = "The read callback goes last so that a lambda can be written inline at every call site.")]
    public static T Run<T>(SqliteConnection connection, TimeSpan budget, CancellationToken cancellationToken, Func<T> read)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(budget);
        try
        {
            // Disposed before the connection is (the using order), and Dispose waits for a running callback:
            // the interrupt never reaches a closed handle.
            // sqlite3_interrupt, not the progress handler: FTS5's ranking and snippets run inside one VM step, where
            // the progress handler is never called, and that is where the cost of a many-word query goes.
            using (stop.Token.Register(() => raw.sqlite3_interrupt(connection.Handle)))
            {
                // An interrupt while no statement runs is forgotten by the next one: a budget already spent stops here.
                if (stop.IsCancellationRequested) throw new SqliteException("interrupted before it started", raw.SQLITE_INTERRUPT);
                return read();
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"the search ran over its time budget of {budget.TotalSeconds:0.###} s and was stopped; use fewer words, or longer ones", e);
        }
    }
}
