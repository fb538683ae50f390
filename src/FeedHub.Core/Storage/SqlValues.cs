using System.Globalization;
using FeedHub.Core.Model;
using Microsoft.Data.Sqlite;

namespace FeedHub.Core.Storage;

/// <summary>How values look in the store: dates are ISO 8601 UTC text ("2025-03-21T09:14:00Z"), sortable as text.</summary>
internal static class SqlValues
{
    public static object Date(DateTimeOffset? value) =>
        value is { } v ? ApiJson.Date(v) : DBNull.Value;

    public static object Text(string? value) => value is null ? DBNull.Value : value;

    public static DateTimeOffset? ReadDate(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal)
            ? null
            : DateTimeOffset.ParseExact(reader.GetString(ordinal), ApiJson.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string? ReadText(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Uri? ReadUrl(SqliteDataReader reader, int ordinal) =>
        ReadText(reader, ordinal) is { } url ? new Uri(url) : null;

    public static int? ReadInt(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
