using FeedHub.Core.Configuration;
using FeedHub.Scheduling;
using Npgsql;

namespace FeedHub.Commands;

/// <summary>
/// `feedhub status` in a cluster: which worker last polled each source; `--workers`: the cluster's workers, read from
/// Quartz's scheduler state and FeedHub's cluster_workers.
/// </summary>
internal static class ClusterStatus
{
    /// <summary>`feedhub status` in a cluster: each source's row (id first) with the worker that ran its last poll (source_polls.worker).</summary>
    public static int WriteSources(IReadOnlyList<object?[]> rows, FeedHub.Core.Storage.PollHistory history, string format)
    {
        Output.Write(["id", "status", "articles", "last_success_at", "next_check_at", "failures", "last_error", "last_polled_by"],
            rows.Select(row => row.Append(history.FindRecent((string)row[0]!, 1) is [var last, ..] ? last.Worker : null).ToArray()).ToList(), format);
        return FeedHubCli.Ok;
    }

    public static async Task<int> WriteWorkersAsync(FeedHubConfiguration configuration, string format)
    {
        if (configuration.Store.Provider != StoreProvider.Postgres)
        {
            await Console.Error.WriteLineAsync($"feedhub: status --workers: {configuration.FilePath} is a single node (Store.Provider sqlite); workers are a cluster's (postgres)");
            return FeedHubCli.UsageOrConfigError;
        }
        await using var connection = await ClusterSchema.OpenAsync(configuration.Store.ConnectionString!, CancellationToken.None);
        // A worker is alive while its Quartz check-in is younger than its interval plus the misfire threshold (set equal):
        // past that, the others recover its polls.
        await using var command = new NpgsqlCommand("""
            SELECT s.instance_name,
                   to_timestamp(s.last_checkin_time / 10000000.0 - 62135596800) AS last_checkin,
                   s.checkin_interval AS interval_ms,
                   w.config_hash,
                   w.config_hash = (SELECT value FROM cluster_settings WHERE name = 'config_hash') AS agrees,
                   w.started_at
            FROM qrtz_scheduler_state s LEFT JOIN cluster_workers w ON w.worker = s.instance_name
            ORDER BY s.instance_name
            """, connection);
        var rows = new List<object?[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var last = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
                var interval = TimeSpan.FromMilliseconds(reader.GetInt64(2));
                var state = DateTimeOffset.UtcNow - last <= 2 * interval ? "alive" : "missing";
                rows.Add([reader.GetString(0), state, last, interval, reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetBoolean(4), reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero)]);
            }
        }
        Output.Write(["worker", "state", "last_checkin_at", "checkin_interval", "config_hash", "has_cluster_config", "started_at"], rows, format);
        return FeedHubCli.Ok;
    }
}
