using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using Quartz;

namespace FeedHub.Scheduling;

/// <summary>One poll of one source, then its next check. Quartz never runs two at once for the same source.</summary>
[DisallowConcurrentExecution]
public sealed class PollSourceJob(SourcePoller poller, LiveConfiguration configuration, SourceScheduler scheduler,
    WorkerIdentity worker, ILogger<PollSourceJob> logger) : IJob
{
    public const string SourceIdKey = "sourceId";

    /// <summary>After a poll crashed (a bug, not an expected failure), try again this much later.</summary>
    private static readonly TimeSpan RetryAfterCrash = TimeSpan.FromMinutes(5);

    /// <summary>In a cluster, a source this worker does not know yet is looked at again this much later.</summary>
    private static readonly TimeSpan UnknownSourceDelay = TimeSpan.FromSeconds(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sourceId = context.MergedJobDataMap.TryGetValue(SourceIdKey, out var value) ? value as string ?? "" : "";
        var source = configuration.Current.EnabledSources().FirstOrDefault(s => s.Id == sourceId);
        if (source is null && worker.IsClustered)
        {
            // Another worker applied a configuration this one has not read yet (its file watcher is a moment behind): the
            // source is not this worker's to drop. A removed source's job is deleted by the worker that applies the change.
            await context.Scheduler.RescheduleJob(context.Trigger.Key, TriggerBuilder.Create().WithIdentity(context.Trigger.Key)
                .ForJob(context.JobDetail.Key).StartAt(DateTimeOffset.UtcNow + UnknownSourceDelay).Build(), CancellationToken.None);
            return;
        }
        if (source is null)
        {
            await scheduler.ScheduleNextAsync(sourceId, null, CancellationToken.None);
            return;
        }
        DateTimeOffset? next;
        try
        {
            next = (await poller.PollAsync(source, cancellationToken)).NextCheckAt;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // shutting down: nothing was stored, and the next start picks the source up again
        }
        catch (Exception e)
        {
            // Expected failures are results and never get here; this is a bug. The source is not dropped.
            logger.LogError(e, "Poll of {SourceId} ({Url}) crashed; trying again in {Delay}", source.Id, source.Url, RetryAfterCrash);
            next = DateTimeOffset.UtcNow + RetryAfterCrash;
        }
        try
        {
            await scheduler.ScheduleNextAsync(source.Id, next, CancellationToken.None);
        }
        catch (SchedulerException)
        {
            // A poll that finished while the server stops: nothing left to schedule; the next start picks the source up.
            if (await context.Scheduler.GetStatus(CancellationToken.None) is not (SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)) throw;
        }
    }
}
