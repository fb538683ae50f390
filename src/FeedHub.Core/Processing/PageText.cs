using System.Buffers;
using FeedHub.Core.Fetching;
using FeedHub.Core.Model;

namespace FeedHub.Core.Processing;

/// <summary>A fetched page's text, for its extraction: in a reused buffer, not a string of its own (see <see cref="PooledBuffer{T}"/>).</summary>
internal static class PageText
{
    /// <summary>Pages decoded to more characters than this (a page over 4 MiB of UTF-16) get a buffer that is not kept after them.</summary>
    public const int MaxKeptLength = 2 * 1024 * 1024;

    private static readonly ArrayPool<char> Buffers = new OneBufferPerThread(MaxKeptLength);

    /// <summary>Decodes with the same charset rules as <see cref="TextDecoder.DecodeHtml"/>.</summary>
    public static PooledBuffer<char> Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        var (encoding, preamble) = TextDecoder.DetectHtml(body, contentType);
        var chars = Buffers.Rent(Math.Max(1, encoding.GetMaxCharCount(body.Length - preamble)));
        try
        {
            return new PooledBuffer<char>(Buffers, chars, encoding.GetChars(body[preamble..], chars));
        }
        catch
        {
            Buffers.Return(chars);
            throw;
        }
    }
}

/// <summary>
/// Keeps one buffer per thread, the largest given back on it (up to a length): pages are decoded on the extraction threads
/// (<see cref="ExtractionThreads"/>), one at a time each, so that is one page-sized buffer per core. A pool of buffers by
/// size kept several of each size, 14 MiB of them at the ingest's peak (issue 18).
/// </summary>
internal sealed class OneBufferPerThread(int maxKeptLength) : ArrayPool<char>
{
    /// <summary>Rented buffers are at least this long, and a multiple of it, so that pages of about the same size share one.</summary>
    public const int Granule = 64 * 1024;

    [ThreadStatic]
    private static Dictionary<OneBufferPerThread, char[]>? kept;

    /// <summary>This thread's buffer when it is long enough; else a new one (and the kept one, too short, is let go).</summary>
    public override char[] Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        kept ??= [];
        if (kept.Remove(this, out var buffer) && buffer.Length >= minimumLength) return buffer;
        return new char[(minimumLength / Granule + 1) * Granule];
    }

    /// <summary>Kept as this thread's buffer unless it is over the length kept or one at least as long is kept already.</summary>
    public override void Return(char[] array, bool clearArray = false)
    {
        if (clearArray) Array.Clear(array);
        if (array.Length > maxKeptLength) return;
        kept ??= [];
        if (!kept.TryGetValue(this, out var buffer) || buffer.Length < array.Length) kept[this] = array;
    }
}
