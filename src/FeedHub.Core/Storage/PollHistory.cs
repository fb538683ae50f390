using System.Data.Common;
using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>One poll as the history keeps it (table source_polls, schema 14).</summary>
public sealed record PollRecord(
    string SourceId,
    DateTimeOffset PolledAt,
    PollResult Outcome,
    int? HttpStatus,
    long? Bytes,
    TimeSpan Duration,
    int NewArticles,
    string? Error,
    string? Worker = null,
    string? StoredOutcome = null)
{
    /// <summary>The outcome's text: its label, or the text as stored when this version knows no such result.</summary>
    public string OutcomeText => Outcome == PollResult.Unrecognized ? StoredOutcome ?? "" : Outcome.Label();
}

/// <summary>
/// The source_polls table: each source's recent polls, newest first, for the operator console, GET
/// /api/sources/{id}/polls and scripts. Bounded: recording a poll drops that source's rows beyond the newest
/// <see cref="KeptPerSource"/>, so the table never grows past sources × that.
/// </summary>
public sealed class PollHistory(Database database)
{
    public const int KeptPerSource = 200;

    /// <summary>Records a poll in a transaction of its own (a poll that stores anything records it with <see cref="PollStore.Save"/>).</summary>
    public void Record(PollRecord poll) => database.InTransaction(transaction => Record(transaction, poll, database.WorkerId));

    /// <summary>Records a poll within the caller's transaction; the worker is <paramref name="worker"/> unless the record names one.</summary>
    internal static void Record(DbTransaction transaction, PollRecord poll, string worker)
    {
        {
            using (var insert = transaction.Connection!.Command("""
                INSERT INTO source_polls (source_id, polled_at, outcome, http_status, bytes, duration_ms, new_articles, error, worker)
                VALUES (@source, @at, @outcome, @status, @bytes, @ms, @new, @error, @worker)
                """, transaction))
            {
                insert.With("@source", poll.SourceId).With("@at", SqlValues.Date(poll.PolledAt)).With("@outcome", poll.Outcome.Label())
                    .With("@status", poll.HttpStatus).With("@bytes", poll.Bytes).With("@ms", (long)poll.Duration.TotalMilliseconds)
                    .With("@new", poll.NewArticles).With("@error", SqlValues.Text(poll.Error)).With("@worker", poll.Worker ?? worker)
                    .ExecuteNonQuery();
            }
            using var trim = transaction.Connection!.Command("""
                DELETE FROM source_polls WHERE source_id = @source AND id <= (
                    SELECT id FROM source_polls WHERE source_id = @source ORDER BY id DESC LIMIT 1 OFFSET @kept)
                """, transaction);
            trim.With("@source", poll.SourceId).With("@kept", KeptPerSource).ExecuteNonQuery();
        }
    }

    /// <summary>The source's newest polls first.</summary>
    public IReadOnlyList<PollRecord> FindRecent(string sourceId, int limit)
    {
        using var connection = database.Open();
        using var command = connection.Command("""
            SELECT source_id, polled_at, outcome, http_status, bytes, duration_ms, new_articles, error, worker
            FROM source_polls WHERE source_id = @source ORDER BY id DESC LIMIT @limit
            """).With("@source", sourceId).With("@limit", limit);
        using var reader = command.ExecuteReader();
        var polls = new List<PollRecord>();
        while (reader.Read())
        {
            var outcome = reader.GetString(2);
            polls.Add(new PollRecord(reader.GetString(0), SqlValues.ReadDate(reader, 1)!.Value, PollResults.Read(outcome),
                SqlValues.ReadInt(reader, 3),
                reader.IsDBNull(4) ? null : SqlValues.ReadLong(reader, 4), TimeSpan.FromMilliseconds(SqlValues.ReadLong(reader, 5)),
                SqlValues.ReadInt(reader, 6)!.Value, SqlValues.ReadText(reader, 7),
                SqlValues.ReadText(reader, 8), outcome));
        }
        return polls;
    }
}
