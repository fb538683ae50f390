using System.Collections.Concurrent;
using FeedHub.Core.Processing;

namespace FeedHub.Tests.Processing;

/// <summary>
/// Page extractions run on a fixed set of threads, one per core, not on whichever pool thread a poll's await resumed on:
/// the parser's buffers are kept per thread by the shared array pool, so the threads that extract bound what it keeps (issue 18).
/// </summary>
public sealed class ExtractionThreadsTests
{
    [Fact]
    public async Task Work_asked_from_many_threads_runs_on_no_more_threads_than_given_and_no_more_at_once()
    {
        using var threads = new ExtractionThreads(2);
        var seen = new ConcurrentDictionary<int, bool>();
        var running = 0;
        var mostAtOnce = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => threads.RunAsync(() =>
        {
            seen[Environment.CurrentManagedThreadId] = true;
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            Thread.Sleep(2);
            Interlocked.Decrement(ref running);
            return i * 2;
        }, CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => i * 2), results);
        Assert.InRange(seen.Count, 1, 2);
        Assert.InRange(mostAtOnce, 1, 2);
        Assert.Equal(64, threads.Ran);
    }

    [Fact]
    public async Task A_failure_reaches_the_caller_and_the_threads_go_on()
    {
        using var threads = new ExtractionThreads(1);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => threads.RunAsync<int>(() => throw new InvalidOperationException("broken page"), CancellationToken.None));

        Assert.Equal("broken page", failure.Message);
        Assert.Equal(7, await threads.RunAsync(() => 7, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Work_cancelled_while_it_waits_does_not_run_and_work_started_runs_to_its_end()
    {
        using var threads = new ExtractionThreads(1);
        using var release = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var firstEnded = false;
        var secondRan = false;

        var first = threads.RunAsync(() =>
        {
            release.Wait();
            firstEnded = true;
            return 1;
        }, cancel.Token);
        var second = threads.RunAsync(() => secondRan = true, cancel.Token);
        await Task.Delay(100);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(first.IsCompleted); // started: what it uses stays its own until it ends
        release.Set();
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(firstEnded);
        await threads.RunAsync(() => 0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)); // after the cancelled one's turn
        Assert.False(secondRan);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
