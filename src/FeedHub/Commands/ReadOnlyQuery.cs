using FeedHub.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FeedHub.Commands;

/// <summary>
/// One SQL statement from a script (`feedhub query`), run so that it can only read the store and only for a while.
/// Layers, each because the one before it is not enough on its own (issue 14 item 8, ReadOnlyQueryEngineTests):
/// a read-only connection still runs VACUUM INTO, which writes a new file; PRAGMA query_only stops that copy but
/// only after creating the (empty) file; SQLite's authorizer, allowing nothing but reading (SELECT, reading columns,
/// functions, recursive CTEs and pragmas that only report), refuses ATTACH, and VACUUM INTO through the ATTACH it
/// makes when it runs. So before anything runs, the text must hold exactly one statement, and one SQLite itself
/// calls read-only (sqlite3_stmt_readonly, false for VACUUM); and SQLite is interrupted (QueryBudget) when its time
/// budget is spent.
/// </summary>
internal sealed class ReadOnlyQuery : IDisposable
{
    /// <summary>Pragmas that only report; any other pragma, and these with a value to set, are refused.</summary>
    private static readonly HashSet<string> ReportingPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "database_list", "collation_list", "function_list", "module_list", "pragma_list", "compile_options",
        "user_version", "schema_version", "application_id", "page_count", "page_size", "freelist_count",
        "encoding", "journal_mode", "data_version", "quick_check", "integrity_check",
    };

    private static readonly HashSet<string> PragmasTakingAName = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list", "quick_check", "integrity_check",
    };

    private readonly SqliteConnection connection;
    private readonly TimeSpan budget;
    private string? refused;

    public ReadOnlyQuery(string databasePath, TimeSpan budget)
    {
        this.budget = budget;
        connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false, // the handlers below belong to this one use
        }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA query_only = ON";
            pragma.ExecuteNonQuery();
        }
        raw.sqlite3_set_authorizer(connection.Handle, Authorize, null);
    }

    /// <summary>The statement's columns and rows; or, when it is refused or stopped, null and why, in one line.</summary>
    public (IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)? Run(string sql, out string? error)
    {
        error = CheckOneReadingStatement(sql);
        if (error is not null) return null;
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            // The same interrupt as the search's budget: a progress handler is not called inside FTS5's functions.
            return QueryBudget.Run(connection, budget, CancellationToken.None, () =>
            {
                using var reader = command.ExecuteReader();
                var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                var rows = new List<object?[]>();
                while (reader.Read())
                    rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
                return ((IReadOnlyList<string>)columns, (IReadOnlyList<object?[]>)rows);
            });
        }
        catch (TimeoutException)
        {
            error = $"stopped after {budget.TotalSeconds:0.#} s, the time budget (--timeout); narrow the query, add a LIMIT, or raise --timeout";
            return null;
        }
        catch (SqliteException e)
        {
            error = Describe(e);
            return null;
        }
    }

    /// <summary>Prepares the text statement by statement (nothing runs): exactly one, and one that SQLite calls read-only.</summary>
    private string? CheckOneReadingStatement(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out var first, out string tail);
        using (first)
        {
            if (rc != raw.SQLITE_OK) return DescribePrepareFailure(rc);
            if (first.IsInvalid) return "there is no SQL statement to run";
            rc = raw.sqlite3_prepare_v2(connection.Handle, tail, out var second, out string _);
            using (second)
            {
                if (rc != raw.SQLITE_OK || !second.IsInvalid)
                    return "only one statement may be given; remove everything after the first ';'";
            }
            if (raw.sqlite3_stmt_readonly(first) == 0)
                return "refused: the statement would write (VACUUM INTO and the like); query is read-only, only statements that read run";
        }
        return null;
    }

    private int Authorize(object userData, int action, string param0, string param1, string dbName, string view)
    {
        var allowed = action switch
        {
            raw.SQLITE_SELECT or raw.SQLITE_READ or raw.SQLITE_FUNCTION or raw.SQLITE_RECURSIVE => true,
            raw.SQLITE_PRAGMA => ReportingPragmas.Contains(param0) && (param1 is null || PragmasTakingAName.Contains(param0)),
            _ => false,
        };
        if (allowed) return raw.SQLITE_OK;
        refused ??= action switch
        {
            raw.SQLITE_ATTACH => "ATTACH is refused",
            raw.SQLITE_PRAGMA => $"PRAGMA {param0}{(param1 is null ? "" : " = " + param1)} is refused (only pragmas that report run)",
            raw.SQLITE_INSERT or raw.SQLITE_UPDATE or raw.SQLITE_DELETE => "the statement would change rows",
            _ => "the statement would change the store or the connection",
        };
        return raw.SQLITE_DENY;
    }

    private string DescribePrepareFailure(int rc) => rc == raw.SQLITE_AUTH
        ? $"refused: {TakeRefusal()}; query is read-only, only statements that read run"
        : raw.sqlite3_errmsg(connection.Handle).utf8_to_string();

    private string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        raw.SQLITE_AUTH => $"refused: {TakeRefusal()}; query is read-only, only statements that read run",
        raw.SQLITE_READONLY => "refused: the statement would write; query is read-only, only statements that read run",
        _ => e.Message.Replace("SQLite Error " + e.SqliteErrorCode + ": ", "").Trim('\'', '.'),
    };

    private string TakeRefusal()
    {
        var reason = refused ?? "the statement is not allowed";
        refused = null;
        return reason;
    }

    public void Dispose()
    {
        raw.sqlite3_set_authorizer(connection.Handle, (strdelegate_authorizer?)null, null);
        connection.Dispose();
    }
}
