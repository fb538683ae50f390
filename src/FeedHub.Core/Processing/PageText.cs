using System.Buffers;
using FeedHub.Core.Fetching;
using FeedHub.Core.Model;

namespace FeedHub.Core.Processing;

/// <summary>A fetched page's text, for its extraction: in a pooled buffer, not a string of its own (see <see cref="PooledBuffer{T}"/>).</summary>
internal static class PageText
{
    /// <summary>
    /// A page's text is needed only while it is extracted, one page per core at a time, so the pool keeps that many buffers of
    /// a size: the shared pool kept dozens (an array per size per thread, more per core), 58 MiB of them in the ingest (issue 18).
    /// </summary>
    private static readonly ArrayPool<char> Pool = ArrayPool<char>.Create(16 * 1024 * 1024, maxArraysPerBucket: Environment.ProcessorCount + 1);

    /// <summary>Decodes with the same charset rules as <see cref="TextDecoder.DecodeHtml"/>.</summary>
    public static PooledBuffer<char> Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        var (encoding, preamble) = TextDecoder.DetectHtml(body, contentType);
        var chars = Pool.Rent(Math.Max(1, encoding.GetMaxCharCount(body.Length - preamble)));
        try
        {
            return new PooledBuffer<char>(Pool, chars, encoding.GetChars(body[preamble..], chars));
        }
        catch
        {
            Pool.Return(chars);
            throw;
        }
    }
}
