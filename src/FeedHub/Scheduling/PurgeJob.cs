using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using Quartz;

namespace FeedHub.Scheduling;

/// <summary>Once a day: purges articles past the retention policy (Retention.Days, Retention.MaxPerSource).</summary>
[DisallowConcurrentExecution]
public sealed class PurgeJob(Retention retention, LiveConfiguration configuration) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        retention.Apply(configuration.Current.Retention);
        return ValueTask.CompletedTask;
    }
}
