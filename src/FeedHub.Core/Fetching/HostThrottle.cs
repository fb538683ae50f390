using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace FeedHub.Core.Fetching;

/// <summary>
/// Politeness: at most N requests at once in all, at most M at once to one host, and a host that
/// answered 429 or 503 with Retry-After is left alone until then.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification =
    "Its semaphores are async locks whose wait handle is never created, so disposing frees nothing; as a singleton for the process's life "
    + "it is never disposed, and a disposed semaphore would make a Release still under way at shutdown throw.")]
public sealed class HostThrottle(int maxConcurrent, int maxPerHost, TimeProvider time) : IHostGate
{
    /// <summary>The longest Retry-After FeedHub honours; a larger one is a misconfiguration, not a plan.</summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim global = new(maxConcurrent, maxConcurrent);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> perHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> retryAfter = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a slot for <paramref name="host"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string host, CancellationToken cancellationToken)
    {
        var hostSlots = perHost.GetOrAdd(host, _ => new SemaphoreSlim(maxPerHost, maxPerHost));
        await hostSlots.WaitAsync(cancellationToken);
        try
        {
            await global.WaitAsync(cancellationToken);
        }
        catch
        {
            hostSlots.Release();
            throw;
        }
        return new Slot(this, hostSlots);
    }

    /// <summary>When the host asked to be left alone until, if that is still ahead.</summary>
    public DateTimeOffset? FindRetryAfter(string host) =>
        retryAfter.TryGetValue(host, out var until) && until > time.GetUtcNow() ? until : null;

    public DateTimeOffset RecordRetryAfter(string host, TimeSpan delay)
    {
        var until = time.GetUtcNow() + (delay > MaxRetryAfter ? MaxRetryAfter : delay);
        retryAfter.AddOrUpdate(host, until, (_, previous) => previous > until ? previous : until);
        return until;
    }

    async Task<IAsyncDisposable> IHostGate.EnterAsync(string origin, CancellationToken cancellationToken) =>
        (Slot)await AcquireAsync(origin, cancellationToken);

    Task<DateTimeOffset?> IHostGate.FindRetryAfterAsync(string origin, CancellationToken cancellationToken) => Task.FromResult(FindRetryAfter(origin));

    Task<DateTimeOffset> IHostGate.RecordRetryAfterAsync(string origin, TimeSpan delay, CancellationToken cancellationToken) =>
        Task.FromResult(RecordRetryAfter(origin, delay));

    private sealed class Slot(HostThrottle owner, SemaphoreSlim hostSlots) : IDisposable, IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 1) return;
            owner.global.Release();
            hostSlots.Release();
        }
    }
}
