using Npgsql;

namespace FeedHub.Core.Fetching;

/// <summary>
/// <see cref="IHostGate"/> for a cluster: Polling.MaxRequestsPerHost and an origin's Retry-After hold for all workers.
/// <para>
/// A request slot is a PostgreSQL session-level advisory lock on (origin, slot number), slot numbers 0 to
/// MaxRequestsPerHost - 1, taken with pg_try_advisory_lock on one connection this worker keeps for it. Advisory locks
/// rather than lease rows: a worker killed mid-request loses its connection and PostgreSQL frees its locks at once,
/// where a lease would hold the origin until it expired; and taking one writes nothing, so a busy cluster does not
/// churn a table. A slot taken by any worker is seen by all; a free one is looked for again every 50-100 ms.
/// </para>
/// <para>
/// Retry-After goes to the table cluster_host_waits (kept, unlike a lock, when the worker that heard it dies).
/// The limit on requests at once in all (MaxConcurrentRequests) stays per worker: it protects the worker, not the origins.
/// </para>
/// </summary>
public sealed class ClusterHostGate : IHostGate, IAsyncDisposable
{
    private readonly string connectionString;
    private readonly int maxPerHost;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim global;
    private readonly SemaphoreSlim session = new(1, 1); // one command at a time on the lock connection
    private readonly HashSet<(int, int)> heldHere = []; // the session re-enters its own locks, so this worker's are kept apart
    private readonly NpgsqlDataSource pool;
    private NpgsqlConnection? locks;

    public ClusterHostGate(string connectionString, int maxConcurrent, int maxPerHost, TimeProvider time)
    {
        this.connectionString = connectionString;
        this.maxPerHost = maxPerHost;
        this.time = time;
        global = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        pool = NpgsqlDataSource.Create(connectionString);
    }

    public async Task<IAsyncDisposable> EnterAsync(string origin, CancellationToken cancellationToken)
    {
        var key = OriginKey(origin);
        int slot;
        while ((slot = await TryTakeSlotAsync(key, cancellationToken)) < 0)
            await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Shared.Next(50)), cancellationToken);
        try
        {
            await global.WaitAsync(cancellationToken);
        }
        catch
        {
            await ReleaseAsync(key, slot);
            throw;
        }
        return new Slot(this, key, slot);
    }

    public async Task<DateTimeOffset?> FindRetryAfterAsync(string origin, CancellationToken cancellationToken)
    {
        await using var command = pool.CreateCommand("SELECT until FROM cluster_host_waits WHERE origin = @origin");
        command.Parameters.AddWithValue("origin", origin.ToLowerInvariant());
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime until && until > time.GetUtcNow().UtcDateTime
            ? new DateTimeOffset(until, TimeSpan.Zero)
            : null;
    }

    public async Task<DateTimeOffset> RecordRetryAfterAsync(string origin, TimeSpan delay, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + (delay > HostThrottle.MaxRetryAfter ? HostThrottle.MaxRetryAfter : delay);
        // The later wait wins, as in HostThrottle: two workers hearing two answers keep the longer.
        await using var command = pool.CreateCommand("""
            INSERT INTO cluster_host_waits (origin, until) VALUES (@origin, @until)
            ON CONFLICT (origin) DO UPDATE SET until = greatest(cluster_host_waits.until, excluded.until)
            RETURNING until
            """);
        command.Parameters.AddWithValue("origin", origin.ToLowerInvariant());
        command.Parameters.AddWithValue("until", until);
        var stored = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new DateTimeOffset(stored, TimeSpan.Zero);
    }

    public async ValueTask DisposeAsync()
    {
        if (locks is not null) await locks.DisposeAsync();
        await pool.DisposeAsync();
    }

    /// <summary>A stable 32-bit key for an origin (string.GetHashCode differs between processes). Two origins sharing a key
    /// only share their slots: stricter, never looser.</summary>
    private static int OriginKey(string origin)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(origin.ToLowerInvariant()));
        return BitConverter.ToInt32(bytes);
    }

    /// <summary>The first free slot of the origin, now taken by this worker, or -1.</summary>
    private async Task<int> TryTakeSlotAsync(int key, CancellationToken cancellationToken)
    {
        await session.WaitAsync(cancellationToken);
        try
        {
            for (var slot = 0; slot < maxPerHost; slot++)
            {
                if (heldHere.Contains((key, slot))) continue;
                var connection = await LockConnectionAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key, @slot)", connection);
                command.Parameters.AddWithValue("key", key);
                command.Parameters.AddWithValue("slot", slot);
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                {
                    heldHere.Add((key, slot));
                    return slot;
                }
            }
            return -1;
        }
        catch (NpgsqlException)
        {
            await DropConnectionAsync(); // its locks went with it; the next try opens a new one
            throw;
        }
        finally
        {
            session.Release();
        }
    }

    private async Task ReleaseAsync(int key, int slot)
    {
        await session.WaitAsync();
        try
        {
            if (!heldHere.Remove((key, slot)) || locks is null) return;
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key, @slot)", locks);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("slot", slot);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            await DropConnectionAsync();
        }
        finally
        {
            session.Release();
        }
    }

    private async Task<NpgsqlConnection> LockConnectionAsync(CancellationToken cancellationToken)
    {
        if (locks is { State: System.Data.ConnectionState.Open }) return locks;
        await DropConnectionAsync();
        // Not from the pool: a pooled connection is reset when returned, and its locks with it.
        locks = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "feedhub host gate" }.ConnectionString);
        await locks.OpenAsync(cancellationToken);
        return locks;
    }

    private async Task DropConnectionAsync()
    {
        heldHere.Clear();
        if (locks is null) return;
        await locks.DisposeAsync();
        locks = null;
    }

    private sealed class Slot(ClusterHostGate owner, int key, int slot) : IAsyncDisposable
    {
        private int released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 1) return;
            owner.global.Release();
            await owner.ReleaseAsync(key, slot);
        }
    }
}
