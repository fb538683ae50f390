using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedHub.Core.Storage;

/// <summary>What a feed shows, as of now: a version that moves whenever it changes, and when it last changed.</summary>
public sealed record FeedChange(string Version, DateTimeOffset? ChangedAt);

/// <summary>
/// The store's record of when each section's content last changed (table section_changes, kept by triggers, so every
/// writer is seen: this server's polls, `feedhub refresh` in another process, a purge, a revision). Read through one
/// connection of its own: SQLite's data_version tells, for the price of a pragma, whether anyone committed since the
/// last read, so a feed request costs a table read only after a write.
/// </summary>
public sealed class SectionChanges(Database database) : IDisposable
{
    /// <summary>The row of the feeds across all sections (and by source, or search): any change moves it.</summary>
    public const string Any = "*";

    private readonly Lock gate = new();
    private SqliteConnection? connection;
    private long seenDataVersion = -1;
    private Dictionary<string, (long Version, DateTimeOffset ChangedAt)> rows = new(StringComparer.Ordinal);

    /// <param name="sections">The sections a feed shows, or null for a feed that any change may touch.</param>
    public FeedChange For(IReadOnlyCollection<string>? sections)
    {
        var current = Read();
        if (sections is null)
            return current.TryGetValue(Any, out var any) ? new FeedChange(Any + ":" + any.Version, any.ChangedAt) : new FeedChange(Any + ":0", null);
        var version = string.Join(',', sections.Order(StringComparer.Ordinal)
            .Select(s => s + ":" + (current.TryGetValue(s, out var row) ? row.Version : 0)));
        var changedAt = sections.Select(s => current.TryGetValue(s, out var row) ? row.ChangedAt : (DateTimeOffset?)null).Max();
        return new FeedChange(version, changedAt);
    }

    private Dictionary<string, (long Version, DateTimeOffset ChangedAt)> Read()
    {
        lock (gate)
        {
            try
            {
                connection ??= database.Open();
                using var pragma = connection.Command("PRAGMA data_version");
                var dataVersion = (long)pragma.ExecuteScalar()!;
                if (dataVersion == seenDataVersion) return rows;
                using var command = connection.Command("SELECT section, version, changed_at FROM section_changes");
                using var reader = command.ExecuteReader();
                var read = new Dictionary<string, (long, DateTimeOffset)>(StringComparer.Ordinal);
                while (reader.Read())
                    read[reader.GetString(0)] = (reader.GetInt64(1),
                        DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
                (rows, seenDataVersion) = (read, dataVersion);
                return rows;
            }
            catch (SqliteException)
            {
                // A broken connection is opened again on the next request.
                connection?.Dispose();
                connection = null;
                seenDataVersion = -1;
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (gate) connection?.Dispose();
    }
}
