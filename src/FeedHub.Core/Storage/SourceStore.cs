using System.Data.Common;
using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>The sources table: each configured source's polling state.</summary>
public sealed class SourceStore(Database database)
{
    /// <summary>Every source's stored state, by id (sources never polled have none). One query.</summary>
    public IReadOnlyDictionary<string, SourceState> FindAllStates()
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {StateColumns} FROM sources");
        return ReadStates(command).ToDictionary(s => s.SourceId);
    }

    /// <summary>
    /// Notes in the sources table which rows are still configured: a row whose id is not among <paramref name="configuredIds"/>
    /// gets removed_at (kept from when it was first seen removed), a configured one has it cleared (the source came back).
    /// Run whenever a configuration comes into force (the server's start and each change, every command).
    /// </summary>
    public void MarkRemoved(IEnumerable<string> configuredIds, DateTimeOffset now)
    {
        using var connection = database.Open();
        var ids = database.Dialect.JsonValues("@ids");
        using var command = connection.Command($"""
            UPDATE sources SET removed_at = CASE WHEN id IN ({ids}) THEN NULL ELSE @now END
            WHERE (id IN ({ids})) = (removed_at IS NOT NULL)
            """).With("@ids", System.Text.Json.JsonSerializer.Serialize(configuredIds)).With("@now", SqlValues.Date(now));
        command.ExecuteNonQuery();
    }

    public SourceState? FindState(string sourceId)
    {
        using var connection = database.Open();
        using var command = connection.Command($"SELECT {StateColumns} FROM sources WHERE id = @id").With("@id", sourceId);
        return ReadStates(command).SingleOrDefault();
    }

    private const string StateColumns = """
        id, etag, last_modified, last_fetch_at, last_success_at, last_error, last_error_at, next_check_at,
        consecutive_failures, moved_to, moved_from, redirect_candidate, redirect_count, disabled_reason, disabled_url,
        feed_format, feed_warning
        """;

    private static List<SourceState> ReadStates(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var states = new List<SourceState>();
        while (reader.Read())
        {
            states.Add(new SourceState
            {
                SourceId = reader.GetString(0),
                ETag = SqlValues.ReadText(reader, 1),
                LastModified = SqlValues.ReadText(reader, 2),
                LastFetchAt = SqlValues.ReadDate(reader, 3),
                LastSuccessAt = SqlValues.ReadDate(reader, 4),
                LastError = SqlValues.ReadText(reader, 5),
                LastErrorAt = SqlValues.ReadDate(reader, 6),
                NextCheckAt = SqlValues.ReadDate(reader, 7),
                ConsecutiveFailures = SqlValues.ReadInt(reader, 8)!.Value,
                MovedTo = SqlValues.ReadUrl(reader, 9),
                MovedFrom = SqlValues.ReadUrl(reader, 10),
                RedirectCandidate = SqlValues.ReadUrl(reader, 11),
                RedirectCount = SqlValues.ReadInt(reader, 12)!.Value,
                DisabledReason = SqlValues.ReadText(reader, 13),
                DisabledUrl = SqlValues.ReadUrl(reader, 14),
                FeedFormat = SqlValues.ReadText(reader, 15),
                FeedWarning = SqlValues.ReadText(reader, 16),
            });
        }
        return states;
    }

    /// <summary>Inserts or updates the source's row, within the poll's transaction.</summary>
    public static void Save(DbTransaction transaction, Source source, SourceState state)
    {
        using var command = transaction.Connection!.Command("""
            INSERT INTO sources (id, url, name, etag, last_modified, last_fetch_at, last_success_at,
                                 last_error, last_error_at, next_check_at, consecutive_failures,
                                 moved_to, moved_from, redirect_candidate, redirect_count, disabled_reason, disabled_url,
                                 feed_format, feed_warning)
            VALUES (@id, @url, @name, @etag, @lastModified, @lastFetchAt, @lastSuccessAt,
                    @lastError, @lastErrorAt, @nextCheckAt, @failures,
                    @movedTo, @movedFrom, @redirectCandidate, @redirectCount, @disabledReason, @disabledUrl,
                    @feedFormat, @feedWarning)
            ON CONFLICT (id) DO UPDATE SET
                url = excluded.url, name = excluded.name, etag = excluded.etag,
                last_modified = excluded.last_modified, last_fetch_at = excluded.last_fetch_at,
                last_success_at = excluded.last_success_at, last_error = excluded.last_error,
                last_error_at = excluded.last_error_at, next_check_at = excluded.next_check_at,
                consecutive_failures = excluded.consecutive_failures,
                moved_to = excluded.moved_to, moved_from = excluded.moved_from,
                redirect_candidate = excluded.redirect_candidate, redirect_count = excluded.redirect_count,
                disabled_reason = excluded.disabled_reason, disabled_url = excluded.disabled_url,
                feed_format = excluded.feed_format, feed_warning = excluded.feed_warning
            """, transaction)
            .With("@id", source.Id)
            .With("@url", source.Url.AbsoluteUri)
            .With("@name", source.Name)
            .With("@etag", SqlValues.Text(state.ETag))
            .With("@lastModified", SqlValues.Text(state.LastModified))
            .With("@lastFetchAt", SqlValues.Date(state.LastFetchAt))
            .With("@lastSuccessAt", SqlValues.Date(state.LastSuccessAt))
            .With("@lastError", SqlValues.Text(state.LastError))
            .With("@lastErrorAt", SqlValues.Date(state.LastErrorAt))
            .With("@nextCheckAt", SqlValues.Date(state.NextCheckAt))
            .With("@failures", state.ConsecutiveFailures)
            .With("@movedTo", SqlValues.Text(state.MovedTo?.AbsoluteUri))
            .With("@movedFrom", SqlValues.Text(state.MovedFrom?.AbsoluteUri))
            .With("@redirectCandidate", SqlValues.Text(state.RedirectCandidate?.AbsoluteUri))
            .With("@redirectCount", state.RedirectCount)
            .With("@disabledReason", SqlValues.Text(state.DisabledReason))
            .With("@disabledUrl", SqlValues.Text(state.DisabledUrl?.AbsoluteUri))
            .With("@feedFormat", SqlValues.Text(state.FeedFormat))
            .With("@feedWarning", SqlValues.Text(state.FeedWarning));
        command.ExecuteNonQuery();
    }
}
