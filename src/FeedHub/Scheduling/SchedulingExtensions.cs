using FeedHub.Core.Configuration;
using FeedHub.Core.Fetching;
using Quartz;

namespace FeedHub.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>
    /// Quartz, and <see cref="SourceScheduler"/> keeping one job per enabled source in it: in memory with SQLite (one
    /// process), or with Store.Provider postgres Quartz's clustered ADO.NET job store on the same database, every
    /// `feedhub serve` sharing it one worker of one scheduler.
    /// </summary>
    public static IServiceCollection AddFeedHubScheduling(this IServiceCollection services, FeedHubConfiguration configuration)
    {
        var polling = configuration.Polling;
        var worker = WorkerIdentity.For(configuration);
        services.AddSingleton(worker);
        if (worker.IsClustered)
        {
            // Before Quartz starts: it checks its tables at start and refuses to run without them.
            services.AddHostedService(_ => new ClusterSchemaService(configuration.Store.ConnectionString!));
            services.AddSingleton<ClusterMembership>();
            services.AddSingleton<IHostGate>(provider => new ClusterHostGate(configuration.Store.ConnectionString!, polling.MaxConcurrentRequests,
                polling.MaxRequestsPerHost, provider.GetRequiredService<TimeProvider>()));
        }
        // Shutdown cancels running polls and waits for them; a cancelled poll stores nothing.
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(options =>
            {
                options.ShutdownJobInterruption = ShutdownJobInterruption.Always;
                options.InstanceId = worker.Id;
            });
            // One slot per poll at once (plus one for the daily purge): Polling.MaxConcurrentPolls. Quartz runs jobs as tasks, so a
            // poll waiting on the network holds a slot, not a thread; extraction, the CPU-bound part, is limited to one per core apart.
            quartz.UseDefaultThreadPool(polling.MaxConcurrentPolls + 1);
            if (worker.IsClustered) UseClusteredStore(quartz, configuration);
        });
        services.AddQuartzHostedService(options =>
        {
            options.WaitForJobsToComplete = true;
            // A cluster worker starts firing once it knows its configuration is the cluster's (ClusterMembership), not before.
            options.AutoStart = !worker.IsClustered;
        });
        services.AddSingleton<SourceScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<SourceScheduler>());
        services.AddHostedService<ConfigurationChangeService>();
        // After SourceScheduler's start, which makes the cluster's configuration agree or not before this checks it again.
        if (worker.IsClustered) services.AddHostedService(provider => provider.GetRequiredService<ClusterMembership>());
        return services;
    }

    private static void UseClusteredStore(IQuartzBuilder quartz, FeedHubConfiguration configuration)
    {
        var checkin = configuration.Cluster.CheckinInterval;
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(configuration.Store.ConnectionString!);
            store.UseSystemTextJsonSerializer();
            // Quartz takes a worker for dead when it is CheckinInterval + CheckinMisfireThreshold late, then another worker
            // recovers its polls at its own next check-in: failover within about three intervals (45 s by default).
            store.UseClustering(clustering =>
            {
                clustering.CheckinInterval = checkin;
                clustering.CheckinMisfireThreshold = checkin;
            });
            // The tables are FeedHub's to create (ClusterSchema, versioned); Quartz only checks them.
            store.ConfigureStore(options => options.SchemaProvisioning = SchemaProvisioning.Validate);
        });
    }

    /// <summary>Creates or updates the cluster's tables before Quartz, the next hosted service, opens them.</summary>
    private sealed class ClusterSchemaService(string connectionString) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => ClusterSchema.MigrateAsync(connectionString, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
