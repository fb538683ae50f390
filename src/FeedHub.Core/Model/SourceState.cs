namespace FeedHub.Core.Model;

/// <summary>
/// What FeedHub remembers about a source between polls: the cache validators of the last
/// response, when it was checked, what went wrong last, and when it is due again.
/// The policy (what a success or a failure changes) lives here so it is testable without I/O.
/// </summary>
public sealed class SourceState
{
    public required string SourceId { get; init; }
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTimeOffset? LastFetchAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset? NextCheckAt { get; set; }
    public int ConsecutiveFailures { get; set; }

    public static SourceState New(string sourceId) => new() { SourceId = sourceId };

    public void RecordSuccess(DateTimeOffset now, string? etag, string? lastModified)
    {
        LastFetchAt = now;
        LastSuccessAt = now;
        ETag = etag;
        LastModified = lastModified;
        LastError = null;
        ConsecutiveFailures = 0;
    }

    /// <summary>A 304: the feed is unchanged, so only the check itself is recorded.</summary>
    public void RecordNotModified(DateTimeOffset now)
    {
        LastFetchAt = now;
        LastSuccessAt = now;
        LastError = null;
        ConsecutiveFailures = 0;
    }

    public void RecordFailure(DateTimeOffset now, string error)
    {
        LastFetchAt = now;
        LastError = error;
        LastErrorAt = now;
        ConsecutiveFailures++;
    }

    public void ScheduleNextCheck(DateTimeOffset now, TimeSpan interval) => NextCheckAt = now + interval;
}
