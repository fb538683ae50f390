using System.Buffers;

namespace FeedHub.Core.Fetching;

/// <summary>A response body read into a <see cref="PooledBuffer{T}"/> rather than an array of its own.</summary>
internal static class PooledBody
{
    /// <summary>
    /// Reads <paramref name="stream"/> to its end into a rented buffer: one of <paramref name="knownLength"/> when given,
    /// else one that doubles as the body grows. Null when the body passes <paramref name="cap"/> (the buffer is returned
    /// then, and when the read fails).
    /// </summary>
    public static async Task<PooledBuffer<byte>?> ReadAsync(Stream stream, int? knownLength, long cap, CancellationToken cancellationToken)
    {
        var rented = ArrayPool<byte>.Shared.Rent(knownLength ?? 64 * 1024);
        try
        {
            if (knownLength is { } exact)
            {
                await stream.ReadExactlyAsync(rented.AsMemory(0, exact), cancellationToken);
                return new PooledBuffer<byte>(rented, exact);
            }
            var filled = 0;
            int read;
            while ((read = await stream.ReadAsync(rented.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
                if (filled > cap)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                    return null;
                }
                if (filled == rented.Length) rented = Grow(rented, (int)Math.Min(rented.Length * 2L, cap + 1));
            }
            return new PooledBuffer<byte>(rented, filled);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
    }

    private static byte[] Grow(byte[] full, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        full.AsSpan().CopyTo(larger);
        ArrayPool<byte>.Shared.Return(full);
        return larger;
    }
}
