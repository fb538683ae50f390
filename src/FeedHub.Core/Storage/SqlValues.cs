using System.Data;
using System.Data.Common;
using System.Globalization;
using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>
/// How values look in the store: dates are ISO 8601 UTC text ("2025-03-21T09:14:00Z"), sortable as text, on both
/// providers. PostgreSQL could hold them as timestamptz, but then the documented schema, the text scripts compare
/// against and the order of equal-second rows would differ between providers; text keeps one schema for both.
/// </summary>
/// <remarks>
/// Parameters are named @name (both providers read that) and typed even when null: PostgreSQL must know a parameter's
/// type, and a bare null in "@x IS NULL" leaves it none.
/// </remarks>
internal static class SqlValues
{
    public static string? Date(DateTimeOffset? value) => value is { } v ? ApiJson.Date(v) : null;

    public static string? Text(string? value) => value;

    public static DateTimeOffset? ReadDate(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal)
            ? null
            : DateTimeOffset.ParseExact(reader.GetString(ordinal), ApiJson.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string? ReadText(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Uri? ReadUrl(DbDataReader reader, int ordinal) =>
        ReadText(reader, ordinal) is { } url ? new Uri(url) : null;

    public static int? ReadInt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long ReadLong(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand Command(this DbTransaction transaction, string sql) => transaction.Connection!.Command(sql, transaction);

    public static DbCommand With(this DbCommand command, string name, string? value) => Add(command, name, value, DbType.String);

    public static DbCommand With(this DbCommand command, string name, int? value) => Add(command, name, value, DbType.Int32);

    public static DbCommand With(this DbCommand command, string name, long? value) => Add(command, name, value, DbType.Int64);

    public static DbCommand With(this DbCommand command, string name, double? value) => Add(command, name, value, DbType.Double);

    private static DbCommand Add(DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
