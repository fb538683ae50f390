using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using Quartz;

namespace FeedHub.Scheduling;

/// <summary>One poll of one source. Quartz runs one job per source, never two at once for the same source.</summary>
[DisallowConcurrentExecution]
public sealed class PollSourceJob(SourcePoller poller, FeedHubConfiguration configuration, ILogger<PollSourceJob> logger) : IJob
{
    public const string SourceIdKey = "sourceId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sourceId = context.MergedJobDataMap.TryGetValue(SourceIdKey, out var value) ? value as string : null;
        var source = configuration.EnabledSources().FirstOrDefault(s => s.Id == sourceId);
        if (source is null)
        {
            logger.LogWarning("No enabled source {SourceId} to poll", sourceId);
            return;
        }
        try
        {
            await poller.PollAsync(source, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The trigger stays: the next poll tries again. Expected failures never get here; they are results.
            logger.LogError(e, "Poll of {SourceId} ({Url}) crashed", source.Id, source.Url);
        }
    }
}
