using System.Collections.Concurrent;

namespace FeedHub.Core.Processing;

/// <summary>
/// A fixed set of threads, one per core, that run the page extractions one at a time each, in the order they were asked.
/// Why not the thread pool behind a semaphore: the parser rents its buffers from <c>ArrayPool&lt;char&gt;.Shared</c>, which
/// keeps one array of each size per thread that returned one. A page's text grows them to the page's size, so every
/// pool thread that ever ran an extraction kept megabytes: a gcdump at the ingest's peak showed 82 MiB of the 125 MiB
/// live on the heap in such arrays, on some 30 pool threads (issue 18). On these threads it is that much per core.
/// </summary>
public sealed class ExtractionThreads : IDisposable
{
    private readonly BlockingCollection<WorkItem> queue = new();
    private long ran;

    /// <summary>The process's extraction threads: the extraction is CPU-bound, so more at once than cores finish no sooner.</summary>
    public static ExtractionThreads Shared { get; } = new(Environment.ProcessorCount);

    /// <param name="count">How many threads, and so how many pieces of work run at once at most.</param>
    public ExtractionThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        for (var i = 0; i < count; i++)
            new Thread(Work) { IsBackground = true, Name = $"FeedHub extraction {i + 1}" }.Start();
    }

    public int Count { get; }

    /// <summary>How many pieces of work have run on these threads.</summary>
    public long Ran => Interlocked.Read(ref ran);

    /// <summary>
    /// Runs <paramref name="work"/> on one of these threads when one is free. Cancelled while it waits, it does not run and the
    /// task is cancelled; once started it runs to its end (it has its own means to stop), so what it uses stays in use until then.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WorkItem<T>(work, cancellationToken);
        queue.Add(item, CancellationToken.None);
        return item.Task;
    }

    /// <summary>Takes no more work; the threads end once what was queued has run.</summary>
    public void Dispose() => queue.CompleteAdding();

    private void Work()
    {
        foreach (var item in queue.GetConsumingEnumerable())
            if (item.Run()) Interlocked.Increment(ref ran);
    }

    private abstract class WorkItem
    {
        /// <returns>Whether it ran (it had not been cancelled while waiting).</returns>
        public abstract bool Run();
    }

    private sealed class WorkItem<T> : WorkItem
    {
        private const int Waiting = 0, Started = 1, Cancelled = 2;
        private readonly Func<T> work;
        private readonly TaskCompletionSource<T> result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration registration;
        private int state;

        public WorkItem(Func<T> work, CancellationToken cancellationToken)
        {
            this.work = work;
            registration = cancellationToken.Register(() =>
            {
                if (Interlocked.CompareExchange(ref state, Cancelled, Waiting) == Waiting) result.TrySetCanceled(cancellationToken);
            });
        }

        public Task<T> Task => result.Task;

        public override bool Run()
        {
            if (Interlocked.CompareExchange(ref state, Started, Waiting) != Waiting) return false;
            registration.Dispose();
            try
            {
                result.SetResult(work());
            }
            catch (OperationCanceledException cancelled)
            {
                result.SetCanceled(cancelled.CancellationToken);
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
            return true;
        }
    }
}
