using System.Buffers;

namespace FeedHub.Core.Fetching;

/// <summary>A response body read into a <see cref="PooledBuffer{T}"/> rather than an array of its own.</summary>
internal static class PooledBody
{
    /// <summary>
    /// Its own pool rather than the shared one, which keeps an array of each size per thread and dozens per core: in the
    /// ingest that held 16 MiB of megabyte page buffers long after their pages (issue 18). Pages fetched ahead wait as these
    /// buffers (<see cref="Processing.PageBacklog"/>); past the few kept of a size, a buffer is allocated and dropped as before.
    /// </summary>
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(MaxPooledLength, maxArraysPerBucket: 8);

    /// <summary>Larger bodies (up to the cap, Polling.MaxBodyBytes) get an array of their own.</summary>
    private const int MaxPooledLength = 16 * 1024 * 1024;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into a rented buffer: one of <paramref name="knownLength"/> when given,
    /// else one that doubles as the body grows. Null when the body passes <paramref name="cap"/> (the buffer is returned
    /// then, and when the read fails).
    /// </summary>
    public static async Task<PooledBuffer<byte>?> ReadAsync(Stream stream, int? knownLength, long cap, CancellationToken cancellationToken)
    {
        var rented = Pool.Rent(knownLength ?? 64 * 1024);
        try
        {
            if (knownLength is { } exact)
            {
                await stream.ReadExactlyAsync(rented.AsMemory(0, exact), cancellationToken);
                return new PooledBuffer<byte>(Pool, rented, exact);
            }
            var filled = 0;
            int read;
            while ((read = await stream.ReadAsync(rented.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
                if (filled > cap)
                {
                    Pool.Return(rented);
                    return null;
                }
                if (filled == rented.Length) rented = Grow(rented, (int)Math.Min(rented.Length * 2L, cap + 1));
            }
            return new PooledBuffer<byte>(Pool, rented, filled);
        }
        catch
        {
            Pool.Return(rented);
            throw;
        }
    }

    private static byte[] Grow(byte[] full, int size)
    {
        var larger = Pool.Rent(size);
        full.AsSpan().CopyTo(larger);
        Pool.Return(full);
        return larger;
    }
}
