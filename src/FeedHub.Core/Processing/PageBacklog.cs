using FeedHub.Core.Configuration;

namespace FeedHub.Core.Processing;

/// <summary>
/// The pages fetched and waiting for their extraction, counted in the bytes of the buffers they are held in (a pooled
/// buffer is up to twice its page), over every poll under way: fetching runs ahead
/// of extraction (many fetches wait on the network at once, extraction runs one per core), and what it fetched ahead is
/// memory held. A page fetch starts only while fewer than <see cref="PollingOptions.MaxQueuedPageBytes"/> are waiting,
/// so the backlog stays near that bound whatever the number of polls; it may pass it by the fetches already under way
/// (at most <see cref="PollingOptions.MaxConcurrentRequests"/> pages). Fetches that wait on the network hold nothing
/// here, so a slow site does not hold up the others.
/// </summary>
public sealed class PageBacklog(PollingOptions options)
{
    private readonly object gate = new();
    private long queued;
    private TaskCompletionSource room = Opened();

    /// <summary>The bytes of fetched pages waiting for extraction now.</summary>
    public long QueuedBytes
    {
        get { lock (gate) return queued; }
    }

    /// <summary>Returns once the backlog is under its bound: a page fetch may start.</summary>
    public async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task opened;
            lock (gate)
            {
                if (queued < options.MaxQueuedPageBytes) return;
                opened = room.Task;
            }
            await opened.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Counts a fetched page as waiting until the returned lease is disposed (when it has its turn to be extracted).</summary>
    public IDisposable Hold(long bytes)
    {
        lock (gate)
        {
            queued += bytes;
            if (queued >= options.MaxQueuedPageBytes && room.Task.IsCompleted)
                room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return new Lease(this, bytes);
    }

    private void Release(long bytes)
    {
        lock (gate)
        {
            queued -= bytes;
            if (queued < options.MaxQueuedPageBytes) room.TrySetResult();
        }
    }

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }

    private sealed class Lease(PageBacklog backlog, long bytes) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) backlog.Release(bytes);
        }
    }
}
