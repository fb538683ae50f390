using System.Security.Cryptography;
using System.Text;
using FeedHub.Core.Configuration;
using Quartz;

namespace FeedHub.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>Longest delay before a source's first poll, so that sources don't all fire together.</summary>
    private static readonly TimeSpan MaxJitter = TimeSpan.FromSeconds(15);

    /// <summary>Quartz, in memory, with one repeating job per enabled source.</summary>
    public static IServiceCollection AddFeedHubScheduling(this IServiceCollection services, FeedHubConfiguration configuration)
    {
        var now = DateTimeOffset.UtcNow;
        services.AddQuartz(quartz =>
        {
            foreach (var source in configuration.EnabledSources())
            {
                var key = "poll:" + source.Id;
                quartz.ScheduleJob<PollSourceJob>(
                    trigger => trigger
                        .WithIdentity(key)
                        .UsingJobData(PollSourceJob.SourceIdKey, source.Id)
                        .StartAt(now + Jitter(source.Id, source.Interval))
                        .WithSimpleSchedule(source.Interval),
                    job => job.WithIdentity(key));
            }
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>A delay derived from the source id: stable across restarts, spread across sources.</summary>
    private static TimeSpan Jitter(string sourceId, TimeSpan interval)
    {
        var span = TimeSpan.FromTicks(Math.Min(MaxJitter.Ticks, interval.Ticks / 10));
        if (span <= TimeSpan.Zero) return TimeSpan.Zero;
        var hash = BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)));
        return TimeSpan.FromTicks(hash % span.Ticks);
    }
}
