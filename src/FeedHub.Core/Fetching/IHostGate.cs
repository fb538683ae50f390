namespace FeedHub.Core.Fetching;

/// <summary>
/// Politeness towards origins: how many requests may be under way at once (in all, and to one origin), and whether an
/// origin asked to be left alone (Retry-After). <see cref="HostThrottle"/> keeps it in the process (one worker);
/// <see cref="ClusterHostGate"/> keeps it in PostgreSQL, for every worker of a cluster at once.
/// </summary>
public interface IHostGate
{
    /// <summary>Waits for a slot for <paramref name="origin"/>; dispose the result to give it back.</summary>
    Task<IAsyncDisposable> EnterAsync(string origin, CancellationToken cancellationToken);

    /// <summary>When the origin asked to be left alone until, if that is still ahead.</summary>
    Task<DateTimeOffset?> FindRetryAfterAsync(string origin, CancellationToken cancellationToken);

    /// <summary>Records a Retry-After (capped at a day); returns until when the origin is left alone.</summary>
    Task<DateTimeOffset> RecordRetryAfterAsync(string origin, TimeSpan delay, CancellationToken cancellationToken);
}
