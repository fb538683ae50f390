using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Configuration;

/// <summary>
/// The configuration in force, re-read when its file changes. A change that validates replaces
/// it and is announced on <see cref="Changes"/>; one that doesn't is logged with its one-line error and
/// ignored, so a typo saved by an operator never stops a running FeedHub.
/// Sections and sources take effect at once; Store, Http, Polling and Network at the next start.
/// </summary>
public sealed class LiveConfiguration : IDisposable
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(300); // editors write in several steps
    private readonly ILogger<LiveConfiguration> logger;
    private readonly Lock gate = new();
    private FileSystemWatcher? watcher;
    private Timer? debounce;

    public LiveConfiguration(FeedHubConfiguration initial, ILogger<LiveConfiguration> logger)
    {
        Current = initial;
        this.logger = logger;
    }

    public FeedHubConfiguration Current { get; private set; }

    /// <summary>
    /// Each configuration put in force by <see cref="Reload"/>, for the one background service that applies it (the
    /// scheduler's jobs, the section rules). Only the newest matters, so a change not yet taken replaces the one
    /// before; nothing is done on the thread that reloaded (a file watcher, or a request that edited the file).
    /// </summary>
    public ChannelReader<FeedHubConfiguration> Changes => changes.Reader;

    private readonly Channel<FeedHubConfiguration> changes =
        Channel.CreateBounded<FeedHubConfiguration>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Watches the file (and renames onto it, as editors save) until disposed.</summary>
    public void StartWatching()
    {
        var path = Path.GetFullPath(Current.FilePath);
        watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => ScheduleReload();
        watcher.Created += (_, _) => ScheduleReload();
        watcher.Renamed += (_, _) => ScheduleReload();
        debounce = new Timer(_ => ReloadAfterChange(), null, Timeout.Infinite, Timeout.Infinite);
        watcher.EnableRaisingEvents = true;
    }

    private void ScheduleReload() => debounce?.Change(SettleTime, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// The watcher's reload. It runs on a timer thread, where an exception that escapes ends the process: so
    /// whatever a reload throws is logged here, and the server goes on.
    /// </summary>
    private void ReloadAfterChange()
    {
        try
        {
            Reload();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Configuration change from {Path} not fully applied: {Error}", Current.FilePath, e.Message);
        }
    }

    /// <summary>Reads the file again; true when the new configuration is now in force.</summary>
    public bool Reload()
    {
        lock (gate)
        {
            FeedHubConfiguration next;
            try
            {
                next = Current.Reload();
            }
            catch (ConfigurationException e)
            {
                logger.LogError("Configuration change ignored, the previous configuration stays in force: {Error}", e.Message);
                return false;
            }
            Current = next;
            logger.LogInformation("Configuration reloaded from {Path}: {Sources} enabled sources, {Sections} sections",
                next.FilePath, next.EnabledSources().Count, next.Catalog.Sections.Count);
        }
        changes.Writer.TryWrite(Current);
        return true;
    }

    public void Dispose()
    {
        watcher?.Dispose();
        debounce?.Dispose();
    }
}
