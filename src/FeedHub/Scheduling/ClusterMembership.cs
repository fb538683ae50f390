using System.Security.Cryptography;
using System.Text.Json;
using FeedHub.Core.Configuration;
using Npgsql;
using Quartz;

namespace FeedHub.Scheduling;

/// <summary>Who this process is in a cluster: Quartz's instance id, the store's source_polls.worker, the metrics' worker label.</summary>
public sealed record WorkerIdentity(string Id, bool IsClustered)
{
    public static WorkerIdentity For(FeedHubConfiguration configuration) => new(
        configuration.Cluster.WorkerId is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}",
        configuration.Store.Provider == StoreProvider.Postgres);
}

/// <summary>
/// A worker's place in the cluster's one configuration. Every worker reads the same file; the sources and sections in
/// it are summed up as a hash (<see cref="HashOf"/>). The cluster's hash is kept in cluster_settings ("config_hash"),
/// each worker's own in cluster_workers, written at every check-in. A configuration reaches the cluster's jobs once:
/// the first worker that sees a new one applies it under an advisory lock (<see cref="TryAdoptAsync"/>); the others
/// find the hash already theirs. A worker whose file says otherwise while workers that agree with the cluster are alive
/// does not fight them: its scheduler stands by, it says why in its log and /readyz, and it joins again once its file
/// matches.
/// </summary>
public sealed class ClusterMembership(
    FeedHubConfiguration initial,
    LiveConfiguration configuration,
    WorkerIdentity worker,
    ISchedulerFactory schedulers,
    ILogger<ClusterMembership> logger) : BackgroundService
{
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private readonly TimeSpan checkin = initial.Cluster.CheckinInterval;
    private volatile string? disagreement;
    private volatile string? unreachable;

    /// <summary>Why this worker is not doing its share (its configuration differs, PostgreSQL is out of reach), or null.</summary>
    public string? Problem => unreachable ?? disagreement;

    private string ConnectionString => initial.Store.ConnectionString!;

    /// <summary>The sources and sections, as one short hash: equal files give equal hashes on every worker.</summary>
    public static string HashOf(FeedHubConfiguration configuration) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(configuration.Catalog)))[..16];

    /// <summary>
    /// Makes <paramref name="current"/> the cluster's configuration if nobody else holds a different one, and runs
    /// <paramref name="apply"/> (the job reconciliation) under the configuration lock when it does. Returns false, with
    /// <see cref="Problem"/> set, when this worker disagrees with live workers and so must not touch the jobs.
    /// </summary>
    public async Task<bool> TryAdoptAsync(FeedHubConfiguration current, bool changedHere, Func<Task> apply, CancellationToken cancellationToken)
    {
        var mine = HashOf(current);
        await using var connection = await ClusterSchema.OpenAsync(ConnectionString, cancellationToken);
        await ClusterSchema.ExecuteAsync(connection, $"SELECT pg_advisory_lock({ClusterSchema.LockSpace}, {ClusterSchema.ConfigLock})", cancellationToken);
        try
        {
            await RecordCheckinAsync(connection, mine, cancellationToken);
            var cluster = await ReadClusterHashAsync(connection, cancellationToken);
            // A file changed while this worker watched it is news for the cluster; at start, a different file is news only
            // when no live worker still runs the cluster's configuration (the whole cluster was restarted with a new file).
            if (cluster is not null && cluster != mine && !changedHere && await CountLiveWorkersWithAsync(connection, cluster, cancellationToken) > 0)
            {
                await DisagreeAsync(mine, cluster, cancellationToken);
                return false;
            }
            await apply();
            if (cluster != mine)
            {
                await using var write = new NpgsqlCommand("""
                    INSERT INTO cluster_settings (name, value, changed_by) VALUES ('config_hash', @hash, @worker)
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = now(), changed_by = excluded.changed_by
                    """, connection);
                write.Parameters.AddWithValue("hash", mine);
                write.Parameters.AddWithValue("worker", worker.Id);
                await write.ExecuteNonQueryAsync(cancellationToken);
                logger.LogInformation("Worker {Worker} applied configuration {ConfigHash} to the cluster (was {Previous})", worker.Id, mine, cluster ?? "none");
            }
            await AgreeAsync(cancellationToken);
            return true;
        }
        finally
        {
            await ClusterSchema.ExecuteAsync(connection, $"SELECT pg_advisory_unlock({ClusterSchema.LockSpace}, {ClusterSchema.ConfigLock})", CancellationToken.None);
        }
    }

    /// <summary>Every check-in interval: records this worker and its hash, and notices a cluster configuration that moved away.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(checkin);
        do
        {
            try
            {
                await CheckInAsync(stoppingToken);
                if (unreachable is not null) logger.LogInformation("PostgreSQL is reachable again");
                unreachable = null;
            }
            catch (Exception e) when (e is NpgsqlException or ClusterUnavailableException or TimeoutException)
            {
                if (unreachable is null) logger.LogError("Worker {Worker} can't reach PostgreSQL: {Error}", worker.Id, e.Message);
                unreachable = "PostgreSQL can't be reached: " + e.Message;
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task CheckInAsync(CancellationToken cancellationToken)
    {
        var mine = HashOf(configuration.Current);
        await using var connection = await ClusterSchema.OpenAsync(ConnectionString, cancellationToken);
        await RecordCheckinAsync(connection, mine, cancellationToken);
        var cluster = await ReadClusterHashAsync(connection, cancellationToken);
        if (cluster is null || cluster == mine) await AgreeAsync(cancellationToken);
        else await DisagreeAsync(mine, cluster, cancellationToken);
    }

    /// <summary>Starts the scheduler (not started with the host in a cluster) or brings it back from standby.</summary>
    private async Task AgreeAsync(CancellationToken cancellationToken)
    {
        if (disagreement is not null)
        {
            disagreement = null;
            logger.LogInformation("Worker {Worker} now has the cluster's configuration and takes polls again", worker.Id);
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (await scheduler.GetStatus(cancellationToken) is SchedulerStatus.Created or SchedulerStatus.Standby) await scheduler.Start(cancellationToken);
    }

    private async Task DisagreeAsync(string mine, string cluster, CancellationToken cancellationToken)
    {
        var why = $"this worker's sources and sections (configuration {mine}) differ from the cluster's ({cluster}); it takes no polls until its file matches";
        if (disagreement == why) return;
        disagreement = why;
        logger.LogWarning("Worker {Worker}: {Problem}", worker.Id, why);
        // Standby: this worker fires no triggers, so it can't unschedule sources it doesn't know; it still serves feeds.
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running) await scheduler.Standby(cancellationToken);
    }

    private async Task RecordCheckinAsync(NpgsqlConnection connection, string hash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO cluster_workers (worker, config_hash, started_at, seen_at) VALUES (@worker, @hash, @started, now())
            ON CONFLICT (worker) DO UPDATE SET config_hash = excluded.config_hash, started_at = excluded.started_at, seen_at = now()
            """, connection);
        command.Parameters.AddWithValue("worker", worker.Id);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("started", startedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> ReadClusterHashAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT value FROM cluster_settings WHERE name = 'config_hash'", connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Other workers that checked in within three intervals (a dead worker's row stays, so "alive" is by time).</summary>
    private async Task<long> CountLiveWorkersWithAsync(NpgsqlConnection connection, string hash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM cluster_workers WHERE config_hash = @hash AND worker <> @worker AND seen_at > now() - @window
            """, connection);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("worker", worker.Id);
        command.Parameters.AddWithValue("window", checkin * 3);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
