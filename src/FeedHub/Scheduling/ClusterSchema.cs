using Npgsql;

namespace FeedHub.Scheduling;

/// <summary>
/// The tables a cluster of workers shares beside the store's own: Quartz's job store (qrtz_*, the layout Quartz 4.7
/// reads and writes on PostgreSQL, checked by Quartz itself at start: SchemaProvisioning.Validate) and FeedHub's
/// cluster bookkeeping (cluster_settings, cluster_workers, cluster_host_waits). An append-only list of steps with
/// the version reached kept in cluster_settings, applied at start under an advisory lock, so three workers starting
/// at once apply each step once and the others wait, then find nothing to do.
/// </summary>
public static class ClusterSchema
{
    /// <summary>pg_advisory_lock keys FeedHub's cluster code takes (one namespace, so they never meet the host gate's).</summary>
    public const int LockSpace = 0x46480001;
    public const int SchemaLock = 1;
    public const int ConfigLock = 2;

    private static readonly string[] Steps =
    [
        // 1: Quartz's tables (its execution-history tables are optional and left out: FeedHub does not turn the history on).
        """
        CREATE TABLE cluster_settings (
          name TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          changed_by TEXT
        );
        CREATE TABLE qrtz_job_details (
          sched_name TEXT NOT NULL, job_name TEXT NOT NULL, job_group TEXT NOT NULL, description TEXT,
          job_class_name TEXT NOT NULL, is_durable BOOL NOT NULL, is_nonconcurrent BOOL NOT NULL,
          is_update_data BOOL NOT NULL, requests_recovery BOOL NOT NULL, job_data BYTEA,
          PRIMARY KEY (sched_name, job_name, job_group)
        );
        CREATE TABLE qrtz_triggers (
          sched_name TEXT NOT NULL, trigger_name TEXT NOT NULL, trigger_group TEXT NOT NULL,
          job_name TEXT NOT NULL, job_group TEXT NOT NULL, description TEXT,
          next_fire_time BIGINT, prev_fire_time BIGINT, priority INTEGER,
          trigger_state TEXT NOT NULL, trigger_type TEXT NOT NULL, start_time BIGINT NOT NULL, end_time BIGINT,
          calendar_name TEXT, misfire_instr SMALLINT, misfire_orig_fire_time BIGINT,
          execution_group VARCHAR(200), preferred_node VARCHAR(200), preferred_node_auto BOOL NOT NULL DEFAULT FALSE,
          retry_policy VARCHAR(250), retry_attempt INTEGER,
          continues_trigger_name TEXT, continues_trigger_group TEXT, continuation_condition INTEGER, overlap_policy INTEGER,
          pause_reason VARCHAR(250), paused_by VARCHAR(200), paused_at BIGINT,
          misfire_threshold BIGINT, fixed_delay BOOL, job_data BYTEA,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group)
        );
        CREATE TABLE qrtz_simple_triggers (
          sched_name TEXT NOT NULL, trigger_name TEXT NOT NULL, trigger_group TEXT NOT NULL,
          repeat_count BIGINT NOT NULL, repeat_interval BIGINT NOT NULL, times_triggered BIGINT NOT NULL,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_cron_triggers (
          sched_name TEXT NOT NULL, trigger_name TEXT NOT NULL, trigger_group TEXT NOT NULL,
          cron_expression TEXT NOT NULL, time_zone_id TEXT,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_simprop_triggers (
          sched_name TEXT NOT NULL, trigger_name TEXT NOT NULL, trigger_group TEXT NOT NULL,
          str_prop_1 TEXT, str_prop_2 TEXT, str_prop_3 TEXT, int_prop_1 INTEGER, int_prop_2 INTEGER,
          long_prop_1 BIGINT, long_prop_2 BIGINT, dec_prop_1 NUMERIC, dec_prop_2 NUMERIC,
          bool_prop_1 BOOL, bool_prop_2 BOOL, time_zone_id TEXT,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_blob_triggers (
          sched_name TEXT NOT NULL, trigger_name TEXT NOT NULL, trigger_group TEXT NOT NULL, blob_data BYTEA,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
        );
        CREATE TABLE qrtz_calendars (
          sched_name TEXT NOT NULL, calendar_name TEXT NOT NULL, calendar BYTEA NOT NULL,
          PRIMARY KEY (sched_name, calendar_name)
        );
        CREATE TABLE qrtz_paused_trigger_grps (
          sched_name TEXT NOT NULL, trigger_group TEXT NOT NULL,
          pause_reason VARCHAR(250), paused_by VARCHAR(200), paused_at BIGINT,
          PRIMARY KEY (sched_name, trigger_group)
        );
        CREATE TABLE qrtz_paused_job_grps (
          sched_name TEXT NOT NULL, job_group TEXT NOT NULL,
          pause_reason VARCHAR(250), paused_by VARCHAR(200), paused_at BIGINT,
          PRIMARY KEY (sched_name, job_group)
        );
        CREATE TABLE qrtz_fired_triggers (
          sched_name TEXT NOT NULL, entry_id TEXT NOT NULL, trigger_name TEXT NOT NULL, trigger_group TEXT NOT NULL,
          instance_name TEXT NOT NULL, fired_time BIGINT NOT NULL, sched_time BIGINT NOT NULL, priority INTEGER NOT NULL,
          state TEXT NOT NULL, job_name TEXT, job_group TEXT, is_nonconcurrent BOOL NOT NULL, requests_recovery BOOL,
          execution_group VARCHAR(200), progress INTEGER, progress_message VARCHAR(250), interrupt_requested_time BIGINT,
          PRIMARY KEY (sched_name, entry_id)
        );
        CREATE TABLE qrtz_scheduler_state (
          sched_name TEXT NOT NULL, instance_name TEXT NOT NULL, last_checkin_time BIGINT NOT NULL,
          checkin_interval BIGINT NOT NULL, quartz_version VARCHAR(20),
          PRIMARY KEY (sched_name, instance_name)
        );
        CREATE TABLE qrtz_locks (
          sched_name TEXT NOT NULL, lock_name TEXT NOT NULL,
          PRIMARY KEY (sched_name, lock_name)
        );
        CREATE INDEX idx_qrtz_j_g_n ON qrtz_job_details (sched_name, job_group, job_name);
        CREATE INDEX idx_qrtz_t_j ON qrtz_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_t_g_n ON qrtz_triggers (sched_name, trigger_group, trigger_name);
        CREATE INDEX idx_qrtz_t_c ON qrtz_triggers (sched_name, calendar_name);
        CREATE INDEX idx_qrtz_t_nft_st ON qrtz_triggers (sched_name, trigger_state, next_fire_time ASC, priority DESC, misfire_instr);
        CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
        CREATE INDEX idx_qrtz_ft_j_g ON qrtz_fired_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_ft_t_g ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
        """,
        // 2: each worker's last word (config agreement, `feedhub status`) and the Retry-After an origin gave to any worker.
        """
        CREATE TABLE cluster_workers (
          worker TEXT PRIMARY KEY,
          config_hash TEXT NOT NULL,
          started_at TIMESTAMPTZ NOT NULL,
          seen_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE cluster_host_waits (
          origin TEXT PRIMARY KEY,
          until TIMESTAMPTZ NOT NULL
        );
        """,
    ];

    public static int LatestVersion => Steps.Length;

    /// <summary>Applies the steps this database has not had yet; returns the version it is at.</summary>
    public static async Task<int> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockSpace}, {SchemaLock})", cancellationToken);
        try
        {
            var version = await ReadVersionAsync(connection, cancellationToken);
            if (version > LatestVersion)
                throw new InvalidOperationException($"the cluster tables are at version {version}, newer than this build's {LatestVersion}: run the newer feedhub");
            for (var step = version; step < LatestVersion; step++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, Steps[step], cancellationToken);
                await ExecuteAsync(connection, $"""
                    INSERT INTO cluster_settings (name, value) VALUES ('schema_version', '{step + 1}')
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = now()
                    """, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            return LatestVersion;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockSpace}, {SchemaLock})", CancellationToken.None);
        }
    }

    /// <summary>Opens a connection, turning "can't reach it" into one line that says where it looked.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            var target = new NpgsqlConnectionStringBuilder(connectionString);
            throw new ClusterUnavailableException($"PostgreSQL at {target.Host}:{target.Port} (database {target.Database}) can't be reached: {e.Message}", e);
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('cluster_settings') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return 0;
        await using var read = new NpgsqlCommand("SELECT value FROM cluster_settings WHERE name = 'schema_version'", connection);
        return await read.ExecuteScalarAsync(cancellationToken) is string value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>PostgreSQL, which a cluster worker can't work without, is out of reach.</summary>
public sealed class ClusterUnavailableException(string message, Exception inner) : Exception(message, inner);
