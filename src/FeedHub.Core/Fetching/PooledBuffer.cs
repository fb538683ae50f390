using System.Buffers;

namespace FeedHub.Core.Fetching;

/// <summary>
/// The first <see cref="Length"/> items of an array rented from a pool, given back to it on <see cref="Dispose"/> (once,
/// however often it is called). For what each article page brings: its bytes and its decoded text average 200 and 400 KB;
/// each in an array or a string of its own landed on the large-object heap, which only a full collection sweeps, so the
/// ingest's memory grew with the pages handled since the last one (issue 18). Pooled, the same arrays serve page after page.
/// </summary>
public sealed class PooledBuffer<T> : IDisposable
{
    private readonly ArrayPool<T> pool;
    private T[]? array;

    /// <param name="pool">Where <paramref name="array"/> was rented.</param>
    /// <param name="array">Rented from <paramref name="pool"/>; this now owns it.</param>
    /// <param name="length">How many of its first items are the content.</param>
    public PooledBuffer(ArrayPool<T> pool, T[] array, int length)
    {
        this.pool = pool;
        this.array = array;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The rented array, longer than the content; not to be kept past <see cref="Dispose"/>.</summary>
    public T[] Array => array ?? throw new ObjectDisposedException(nameof(PooledBuffer<T>));

    public ReadOnlySpan<T> Span => Array.AsSpan(0, Length);

    /// <summary>Whether the array went back to the pool.</summary>
    public bool IsReturned => array is null;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref array, null) is { } rented) pool.Return(rented);
    }
}
