using Quartz;

namespace FeedHub.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>Quartz, in memory; <see cref="SourceScheduler"/> keeps one job per enabled source in it.</summary>
    public static IServiceCollection AddFeedHubScheduling(this IServiceCollection services)
    {
        services.AddQuartz(_ => { });
        // Shutdown waits for running polls; each gets its cancellation and stores nothing half-done.
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddSingleton<SourceScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<SourceScheduler>());
        return services;
    }
}
