using System.Data.Common;
using System.Diagnostics;
using System.Globalization;

namespace FeedHub.Core.Storage;

/// <summary>What a feed shows, as of now: a version that moves whenever it changes, and when it last changed.</summary>
public sealed record FeedChange(string Version, DateTimeOffset? ChangedAt);

/// <summary>
/// The store's record of when each section's content last changed (table section_changes, kept by triggers, so every
/// writer is seen: this server's polls, `feedhub refresh` in another process, another worker, a purge, a revision).
/// Read through one connection of its own. On SQLite, data_version tells for the price of a pragma whether anyone
/// committed since the last read, so a feed request costs a table read only after a write. PostgreSQL has no such
/// counter: the small table is read again at most every <see cref="RecheckInterval"/>, so a change made by another
/// worker is served within that time, and a busy server reads it at most four times a second whatever its traffic
/// (LISTEN/NOTIFY would need a connection held open per worker and a way to notice a lost one; a poll of one row per
/// section is simpler and as fresh as readers need).
/// </summary>
public sealed class SectionChanges(Database database) : IDisposable
{
    /// <summary>The row of the feeds across all sections (and by source, or search): any change moves it.</summary>
    public const string Any = "*";

    /// <summary>How stale the table may be read on a store without a change counter (PostgreSQL).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock gate = new();
    private DbConnection? connection;
    private long seenDataVersion = -1;
    private long readAt;
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
                var dataVersion = database.Dialect.ReadDataVersion(connection);
                if (dataVersion is { } counter ? counter == seenDataVersion
                        : seenDataVersion >= 0 && Stopwatch.GetElapsedTime(readAt) < RecheckInterval)
                    return rows;
                using var command = connection.Command("SELECT section, version, changed_at FROM section_changes");
                using var reader = command.ExecuteReader();
                var read = new Dictionary<string, (long, DateTimeOffset)>(StringComparer.Ordinal);
                while (reader.Read())
                    read[reader.GetString(0)] = (SqlValues.ReadLong(reader, 1),
                        DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
                (rows, seenDataVersion, readAt) = (read, dataVersion ?? 0, Stopwatch.GetTimestamp());
                return rows;
            }
            catch (DbException)
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
