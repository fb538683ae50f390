using FeedHub.Core.Configuration;
using Quartz;

namespace FeedHub.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>Quartz, in memory; <see cref="SourceScheduler"/> keeps one job per enabled source in it.</summary>
    public static IServiceCollection AddFeedHubScheduling(this IServiceCollection services, PollingOptions polling)
    {
        // Shutdown cancels running polls and waits for them; a cancelled poll stores nothing.
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(options => options.ShutdownJobInterruption = ShutdownJobInterruption.Always);
            // One slot per poll at once (plus one for the daily purge): Polling.MaxConcurrentPolls. Quartz runs jobs as tasks, so a
            // poll waiting on the network holds a slot, not a thread; extraction, the CPU-bound part, is limited to one per core apart.
            quartz.UseDefaultThreadPool(polling.MaxConcurrentPolls + 1);
            // Retention: a minute after start (so a long-stopped server catches up), then daily.
            quartz.ScheduleJob<PurgeJob>(trigger => trigger.WithIdentity("purge").StartAt(DateTimeOffset.UtcNow.AddMinutes(1)).WithSimpleSchedule(TimeSpan.FromDays(1)));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddSingleton<SourceScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<SourceScheduler>());
        services.AddHostedService<ConfigurationChangeService>();
        return services;
    }
}
