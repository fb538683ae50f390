using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using Quartz;

namespace FeedHub.Scheduling;

/// <summary>
/// Keeps Quartz in step with the configured sources: one durable job per enabled source, with a
/// one-shot trigger at the source's next check. After each poll the job asks for its next trigger
/// (<see cref="ScheduleNextAsync"/>); when the configuration changes, jobs are added, removed or
/// moved (<see cref="SyncAsync"/>, called by <see cref="ConfigurationChangeService"/>), without a restart.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification =
    "Its semaphore is one of the are async locks whose wait handle is never created, so disposing frees nothing; as a singleton for the process's life "
    + "it is never disposed, and a disposed semaphore would make a Release still under way at shutdown throw.")]
public sealed class SourceScheduler(
    ISchedulerFactory schedulerFactory,
    LiveConfiguration configuration,
    SourceStore sources,
    TimeProvider time,
    ILogger<SourceScheduler> logger,
    ClusterMembership? cluster = null) : IHostedService
{
    /// <summary>Longest delay before a source's first poll, so that sources don't all fire together.</summary>
    private static readonly TimeSpan MaxJitter = TimeSpan.FromSeconds(15);

    private const string PollGroup = "poll";
    private const string UrlKey = "url";
    private const string IntervalKey = "interval";
    private static readonly TriggerKey PurgeTrigger = new("purge");

    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(configuration.Current, cancellationToken, changedHere: false);
        configuration.StartWatching(); // changes reach SyncAsync through ConfigurationChangeService
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Schedules new and changed sources, and unschedules removed, disabled and gone ones. Idempotent: a source whose
    /// stored job already polls its URL at its interval keeps its next check, so a worker joining a cluster (whose
    /// jobs live in PostgreSQL) moves nothing. In a cluster, only with the cluster's configuration
    /// (<see cref="ClusterMembership.TryAdoptAsync"/>); <paramref name="changedHere"/>: the file changed while this
    /// process watched it, rather than being read at its start.
    /// </summary>
    public async Task SyncAsync(FeedHubConfiguration current, CancellationToken cancellationToken, bool changedHere = true)
    {
        if (cluster is null) await ReconcileAsync(current, cancellationToken);
        else await cluster.TryAdoptAsync(current, changedHere, () => ReconcileAsync(current, cancellationToken), cancellationToken);
    }

    private async Task ReconcileAsync(FeedHubConfiguration current, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var wanted = current.EnabledSources()
                .Where(s => sources.FindState(s.Id) is not { } state || !state.IsDisabledFor(s.Url))
                .ToDictionary(s => s.Id);
            foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PollGroup), cancellationToken))
            {
                if (wanted.ContainsKey(key.Name)) continue;
                await scheduler.DeleteJob(key, cancellationToken);
                logger.LogInformation("Source {SourceId} is no longer polled", key.Name);
            }
            foreach (var source in wanted.Values)
            {
                if (await IsScheduledAsync(scheduler, source, cancellationToken)) continue;
                var at = FirstCheck(source, sources.FindState(source.Id));
                await ScheduleAsync(scheduler, source, at, cancellationToken);
                // Dates in logs as in the store and the API (a DateTimeOffset would be written in the machine's locale).
                logger.LogInformation("Source {SourceId} is polled every {Interval}, first at {NextCheckAt}", source.Id, source.Interval, ApiJson.Date(at));
            }
            // Retention: a minute after the first start (so a long-stopped server catches up), then daily; stored once, so a
            // cluster purges once a day, not once per worker.
            if (!await scheduler.Exists(PurgeTrigger, cancellationToken))
            {
                var purge = JobBuilder.Create<PurgeJob>().WithIdentity("purge").StoreDurably().Build();
                await scheduler.AddJob(purge, AddJobOptions.Replacing, cancellationToken);
                await scheduler.ScheduleTrigger(TriggerBuilder.Create().WithIdentity(PurgeTrigger).ForJob(purge.Key)
                    .StartAt(time.GetUtcNow().AddMinutes(1)).WithSimpleSchedule(TimeSpan.FromDays(1)).Build(), TriggerConflict.Keep, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether the source's stored job polls its URL at its interval and has a check pending (or under way).</summary>
    private static async Task<bool> IsScheduledAsync(IScheduler scheduler, Source source, CancellationToken cancellationToken)
    {
        if (await scheduler.GetJobDetail(JobKeyFor(source.Id), cancellationToken) is not { } job) return false;
        if (job.JobDataMap.GetString(UrlKey) != source.Url.AbsoluteUri || job.JobDataMap.GetString(IntervalKey) != source.Interval.ToString("c")) return false;
        return (await scheduler.GetTriggersOfJob(job.Key, cancellationToken)).Count > 0;
    }

    /// <summary>
    /// Polls a source now, as its job would, and moves its next check: the refresh of the API (POST
    /// /api/sources/{id}/refresh) and of the console.
    /// </summary>
    public async Task<PollOutcome> PollNowAsync(SourcePoller poller, SourceOptions options, bool force, CancellationToken cancellationToken)
    {
        var outcome = await poller.PollAsync(configuration.Current.ToSource(options), cancellationToken, force);
        if (options.Enabled) await ScheduleNextAsync(options.Id, outcome.NextCheckAt, cancellationToken);
        return outcome;
    }

    /// <summary>Moves the source's trigger to its next check; null, or a source no longer wanted, unschedules it.</summary>
    public async Task ScheduleNextAsync(string sourceId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var source = configuration.Current.EnabledSources().FirstOrDefault(s => s.Id == sourceId);
            if (at is null || source is null)
            {
                await scheduler.DeleteJob(JobKeyFor(sourceId), cancellationToken);
                return;
            }
            await ScheduleAsync(scheduler, source, at.Value, cancellationToken); // a source brought back by a forced refresh is scheduled again
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task ScheduleAsync(IScheduler scheduler, Source source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // RequestRecovery: in a cluster, a poll whose worker died is run again by another once the dead one misses its
        // check-ins; the store's unique keys and the one transaction per poll keep the second run from storing anything twice.
        var job = JobBuilder.Create<PollSourceJob>()
            .WithIdentity(JobKeyFor(source.Id))
            .UsingJobData(PollSourceJob.SourceIdKey, source.Id)
            .UsingJobData(UrlKey, source.Url.AbsoluteUri)
            .UsingJobData(IntervalKey, source.Interval.ToString("c"))
            .StoreDurably()
            .RequestRecovery()
            .Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey(source.Id, PollGroup))
            .ForJob(job.Key)
            .StartAt(at)
            .Build();
        // Replace: the source has one pending check at a time; a trigger whose firing is under way is stored over.
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }

    /// <summary>
    /// The first poll after a start or a change: when the store says the source is due (so that a
    /// restart neither hammers a source in backoff nor forgets it), but no later than one interval
    /// from now, and spread over the first seconds so sources don't all fire together.
    /// </summary>
    private DateTimeOffset FirstCheck(Source source, SourceState? state)
    {
        var now = time.GetUtcNow();
        var earliest = now + Jitter(source.Id, source.Interval);
        if (state?.NextCheckAt is not { } due || due <= earliest) return earliest;
        var latest = now + source.Interval;
        return due < latest ? due : latest;
    }

    /// <summary>A delay derived from the source id: stable across restarts, spread across sources.</summary>
    private static TimeSpan Jitter(string sourceId, TimeSpan interval)
    {
        var span = TimeSpan.FromTicks(Math.Min(MaxJitter.Ticks, interval.Ticks / 10));
        if (span <= TimeSpan.Zero) return TimeSpan.Zero;
        var hash = BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)));
        return TimeSpan.FromTicks(hash % span.Ticks);
    }

    private static JobKey JobKeyFor(string sourceId) => new(sourceId, PollGroup);
}
