using Npgsql;
using NpgsqlTypes;

namespace FeedHub.Commands;

/// <summary>
/// `feedhub query` on PostgreSQL: one statement in a READ ONLY transaction with a statement_timeout, rolled back at the
/// end. The transaction refuses writes (INSERT, DDL, nextval, ...) on the server's word; one statement is enforced by
/// sending the text in a single Parse message (a positional parameter keeps Npgsql from splitting it), which PostgreSQL
/// refuses for more than one command, so a "COMMIT; DELETE ..." can't end the read-only transaction. Operators should
/// still give scripts a role with SELECT rights only (README, "Storage"): a read-only transaction does not stop
/// functions with side effects outside the database, such as pg_sleep or a dblink, nor reading what the role may read.
/// </summary>
internal sealed class PostgresReadOnlyQuery(string connectionString, TimeSpan budget) : IDisposable
{
    private readonly NpgsqlConnection connection = new(connectionString);

    /// <summary>
    /// The server function that handles a Parse message, as the error's routine field names it: a syntax error raised there,
    /// rather than by the grammar (scanner_yyerror, with a position), is the refusal of a text holding more than one
    /// command. The field is the C function's name, so unlike the message it does not change with the server's lc_messages.
    /// </summary>
    private const string ParseMessageRoutine = "exec_parse_message";

    /// <summary>The statement's columns and rows; or, when it is refused or stopped, null and why, in one line.</summary>
    public (IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)? Run(string sql, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(sql))
        {
            error = "there is no SQL statement to run";
            return null;
        }
        try
        {
            if (connection.State != System.Data.ConnectionState.Open) connection.Open();
            using var transaction = connection.BeginTransaction();
            using (var setup = new NpgsqlCommand(
                       $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {(long)budget.TotalMilliseconds}", connection, transaction))
                setup.ExecuteNonQuery();
            using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = "" });
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            while (reader.Read())
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
            return (columns, rows);
        }
        catch (PostgresException e)
        {
            error = e.SqlState switch
            {
                PostgresErrorCodes.QueryCanceled =>
                    $"stopped after {budget.TotalSeconds:0.#} s, the time budget (--timeout); narrow the query, add a LIMIT, or raise --timeout",
                PostgresErrorCodes.ReadOnlySqlTransaction => $"refused: {e.MessageText}; query is read-only, only statements that read run",
                PostgresErrorCodes.SyntaxError when e.Routine == ParseMessageRoutine =>
                    "only one statement may be given; remove everything after the first ';'",
                _ => e.MessageText,
            };
            return null;
        }
    }

    public void Dispose() => connection.Dispose();
}
