using System.Buffers;
using FeedHub.Core.Fetching;
using FeedHub.Core.Model;

namespace FeedHub.Core.Processing;

/// <summary>A fetched page's text, for its extraction: in a pooled buffer, not a string of its own (see <see cref="PooledBuffer{T}"/>).</summary>
internal static class PageText
{
    /// <summary>Decodes with the same charset rules as <see cref="TextDecoder.DecodeHtml"/>.</summary>
    public static PooledBuffer<char> Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        var (encoding, preamble) = TextDecoder.DetectHtml(body, contentType);
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, encoding.GetMaxCharCount(body.Length - preamble)));
        try
        {
            return new PooledBuffer<char>(chars, encoding.GetChars(body[preamble..], chars));
        }
        catch
        {
            ArrayPool<char>.Shared.Return(chars);
            throw;
        }
    }
}
