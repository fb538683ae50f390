using FeedHub.Core.Configuration;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;

namespace FeedHub.Scheduling;

/// <summary>
/// The one consumer of configuration changes (<see cref="LiveConfiguration.Changes"/>), whether the file watcher or
/// an API call that edited the file reloaded it: moves the scheduler's jobs to the sources in force, marks the rows of
/// sources no longer configured (sources.removed_at), then puts the
/// stored articles through the section rules in force (which also empties the feed cache). Runs in the background,
/// so a request that edits the configuration returns once the file is written and validated, and no failure here
/// (a locked store, a scheduler shutting down) can end the process: it is logged, and the next change tries again.
/// </summary>
public sealed class ConfigurationChangeService(
    LiveConfiguration configuration,
    SourceScheduler scheduler,
    Resectioner resectioner,
    SourceStore sources,
    TimeProvider time,
    ILogger<ConfigurationChangeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var changed in configuration.Changes.ReadAllAsync(stoppingToken))
            {
                await ApplyAsync("apply the changed sources to the scheduler", () => scheduler.SyncAsync(changed, stoppingToken));
                await ApplyAsync("mark removed sources in the store", () =>
                {
                    sources.MarkRemoved(changed.Catalog.Sources.Select(s => s.Id), time.GetUtcNow());
                    return Task.CompletedTask;
                });
                await ApplyAsync("apply the changed section rules to stored articles", () => resectioner.ApplyAsync(changed, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task ApplyAsync(string what, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not {What}; it is tried again at the next configuration change", what);
        }
    }
}
