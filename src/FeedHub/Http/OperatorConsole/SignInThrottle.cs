using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// The brake on guessing the console's password. Each check costs a PBKDF2 of 600,000 rounds (a third of a second of
/// one core), so without a brake anyone who can reach the sign-in page could both guess freely and keep the machine busy.
/// A client address gets <see cref="FailuresAllowed"/> wrong passwords per <see cref="Window"/>; after that its sign-ins
/// are refused unchecked (429 with Retry-After) until the window ends. Checks run one at a time, so guesses from many
/// addresses together still take at most one core. A right password clears the address's count.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification =
    "Its semaphore is one of the are async locks whose wait handle is never created, so disposing frees nothing; as a singleton for the process's life "
    + "it is never disposed, and a disposed semaphore would make a Release still under way at shutdown throw.")]
internal sealed class SignInThrottle(TimeProvider time)
{
    public const int FailuresAllowed = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Addresses kept at most; when full, windows that ended are dropped first (a flood of addresses can't grow it without bound).</summary>
    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Failures> failures = new();
    private readonly SemaphoreSlim checking = new(1, 1);

    private sealed record Failures(int Count, DateTimeOffset WindowEnds);

    /// <summary>When the address may try again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? client)
    {
        if (client is null || !failures.TryGetValue(client, out var seen)) return null;
        var left = seen.WindowEnds - time.GetUtcNow();
        return seen.Count >= FailuresAllowed && left > TimeSpan.Zero ? left : null;
    }

    /// <summary>Runs the check, one at a time, and counts a failure against the address.</summary>
    public async Task<bool> CheckAsync(IPAddress? client, Func<bool> check, CancellationToken cancellationToken)
    {
        await checking.WaitAsync(cancellationToken);
        bool right;
        try
        {
            right = check();
        }
        finally
        {
            checking.Release();
        }
        if (client is null) return right;
        if (right)
        {
            failures.TryRemove(client, out _);
            return true;
        }
        var now = time.GetUtcNow();
        if (failures.Count >= MaxAddresses)
            foreach (var ended in failures.Where(f => f.Value.WindowEnds <= now).Select(f => f.Key).ToList())
                failures.TryRemove(ended, out _);
        failures.AddOrUpdate(client, _ => new Failures(1, now + Window),
            (_, seen) => seen.WindowEnds <= now ? new Failures(1, now + Window) : seen with { Count = seen.Count + 1 });
        return false;
    }
}
