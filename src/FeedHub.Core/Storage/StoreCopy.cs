using System.Data.Common;
using System.Globalization;

namespace FeedHub.Core.Storage;

/// <summary>
/// Moves a store into another (`feedhub db copy --to`, e.g. a SQLite file into PostgreSQL when one machine is no longer
/// enough): every row of every table, in one transaction on the target, and the row counts compared before it commits.
/// The target must be empty (migrated, with no sources and no articles), so a copy never merges two stores.
/// </summary>
public static class StoreCopy
{
    /// <summary>The tables in an order their references allow; section_changes last, as the target's triggers fill it while copying.</summary>
    private static readonly string[] Tables =
    [
        "sources", "articles", "article_sections", "article_headings", "article_section_candidates", "article_enclosures",
        "article_sources", "article_tombstones", "article_text_bands", "source_polls", "section_changes",
    ];

    /// <returns>The rows copied, by table.</returns>
    /// <exception cref="InvalidOperationException">The target is not empty, or a count differs (nothing is then stored).</exception>
    public static IReadOnlyDictionary<string, long> Copy(Database from, Database to)
    {
        from.Migrate();
        to.Migrate();
        using var source = from.Open();
        using var target = to.Open();
        if (Count(target, "sources") + Count(target, "articles") > 0)
            throw new InvalidOperationException($"{to.Describe}: the target store is not empty; copy into a new, empty database");
        using var transaction = target.BeginTransaction();
        var copied = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            if (table == "section_changes") // what the triggers wrote while copying gives way to the source's versions
                using (var clear = transaction.Command("DELETE FROM section_changes")) clear.ExecuteNonQuery();
            copied[table] = CopyTable(source, transaction, table);
        }
        to.Dialect.AfterCopy(transaction);
        foreach (var table in Tables)
        {
            var (expected, found) = (Count(source, table), Count(target, table, transaction));
            if (expected != found)
                throw new InvalidOperationException($"{to.Describe}: {table} has {found} rows after the copy, the source {expected}; nothing was stored");
        }
        transaction.Commit();
        return copied;
    }

    private static long CopyTable(DbConnection source, DbTransaction target, string table)
    {
        using var read = source.Command($"SELECT * FROM {table}");
        using var reader = read.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        using var insert = target.Command(
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})");
        var parameters = columns.Select((_, i) =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = "@p" + i;
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToList();
        long rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < columns.Count; i++) parameters[i].Value = reader.IsDBNull(i) ? DBNull.Value : reader.GetValue(i);
            insert.ExecuteNonQuery();
            rows++;
        }
        return rows;
    }

    private static long Count(DbConnection connection, string table, DbTransaction? transaction = null)
    {
        using var command = connection.Command($"SELECT count(*) FROM {table}", transaction);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
