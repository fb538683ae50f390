using System.IO.Compression;
using System.Security.Cryptography;

namespace FeedHub.Core.Publishing;

/// <summary>The content codings a feed is kept in (RFC 9110 8.4.1).</summary>
public enum ContentCoding
{
    Identity,
    Gzip,
    Brotli,
}

/// <summary>One representation of a rendered feed: its bytes in one content coding, with that representation's strong ETag.</summary>
public sealed record FeedRepresentation(ContentCoding Coding, byte[] Body, string ETag);

/// <summary>
/// A feed's bytes with what HTTP caching needs: a strong ETag per representation, and when it last changed.
/// The gzip and brotli bodies are compressed once, by the first request that asks for each, and kept: compressing costs
/// far more CPU than sending bytes, so a feed compressed per request serves a small fraction of the readers a kept body
/// does (the serving benchmark compares both with static files; BENCHMARKS.md has the figures).
/// </summary>
public sealed class RenderedFeed
{
    /// <summary>
    /// Brotli at its highest quality: smaller than gzip's smallest, but many times its CPU (the serving benchmark prints
    /// both), so it is made in the background (see <see cref="IsReady"/>). Bodies over 1 MiB (a large page of full-text
    /// items) get quality 5, which costs about what gzip does: quality 11's cost grows with the body, and would hold a
    /// core for seconds on each.
    /// </summary>
    internal const int BrotliQuality = 11, LargeBodyBrotliQuality = 5, LargeBody = 1 << 20, BrotliWindow = 22;

    /// <summary>One brotli compression in the background at a time, however many feeds ask: it never takes more than one core.</summary>
    private static readonly SemaphoreSlim BrotliWorker = new(1, 1);

    private readonly Lock gzipGate = new(), brotliGate = new(); // apart, so gzip readers never wait out a brotli compression
    private readonly string[] etags;
    private FeedRepresentation? gzip, brotli;
    private int brotliStarted;

    public RenderedFeed(byte[] body, string contentType, DateTimeOffset lastModified)
    {
        ContentType = contentType;
        LastModified = lastModified;
        // The compressed representations' ETags derive from the identity body's hash, so a conditional request is
        // answered without compressing anything; the coding is part of the tag because their bytes differ (RFC 9110 8.8.3).
        var hash = Convert.ToHexStringLower(SHA256.HashData(body))[..24];
        etags = ["\"" + hash + "\"", "\"" + hash + "-gzip\"", "\"" + hash + "-br\""];
        Identity = new FeedRepresentation(ContentCoding.Identity, body, etags[0]);
    }

    public string ContentType { get; }

    public DateTimeOffset LastModified { get; }

    public FeedRepresentation Identity { get; }

    /// <summary>The identity body's strong ETag.</summary>
    public string ETag => etags[0];

    /// <summary>Bytes held: the identity body and the compressed bodies made so far.</summary>
    public long Bytes => Identity.Body.Length + (Volatile.Read(ref gzip)?.Body.Length ?? 0) + (Volatile.Read(ref brotli)?.Body.Length ?? 0);

    /// <summary>Called after each compressed body is made, so the cache holding this feed can keep its bound.</summary>
    internal Action? Grew { get; set; }

    /// <summary>The strong ETag of the representation in this coding, known without making it.</summary>
    public string ETagOf(ContentCoding coding) => etags[(int)coding];

    /// <summary>
    /// Whether the representation in this coding can be had without waiting long: identity and gzip always (gzip takes
    /// milliseconds); brotli once made. Asking about brotli starts making it in the background, once, so that readers
    /// meanwhile get their next choice instead of waiting.
    /// </summary>
    public bool IsReady(ContentCoding coding)
    {
        if (coding != ContentCoding.Brotli || Volatile.Read(ref brotli) is not null) return true;
        if (Interlocked.Exchange(ref brotliStarted, 1) == 0) _ = CompressBrotliInBackgroundAsync();
        return false;
    }

    private async Task CompressBrotliInBackgroundAsync()
    {
        await BrotliWorker.WaitAsync();
        try
        {
            await Task.Run(() => Representation(ContentCoding.Brotli));
        }
        finally
        {
            BrotliWorker.Release();
        }
    }

    /// <summary>The representation in this coding, compressed on first use (or waited for, if being made) and kept.</summary>
    public FeedRepresentation Representation(ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => Volatile.Read(ref gzip) ?? Compress(ref gzip, coding, gzipGate),
        ContentCoding.Brotli => Volatile.Read(ref brotli) ?? Compress(ref brotli, coding, brotliGate),
        _ => Identity,
    };

    /// <summary>One thread compresses; requests for the same coding meanwhile wait for its result rather than compressing too.</summary>
    private FeedRepresentation Compress(ref FeedRepresentation? field, ContentCoding coding, Lock gate)
    {
        FeedRepresentation made;
        lock (gate)
        {
            if (field is { } earlier) return earlier;
            var body = coding == ContentCoding.Gzip ? Gzip(Identity.Body) : Brotli(Identity.Body);
            made = new FeedRepresentation(coding, body, ETagOf(coding));
            Volatile.Write(ref field, made);
        }
        Grew?.Invoke();
        return made;
    }

    internal static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream(body.Length / 3);
        using (var gzipStream = new GZipStream(buffer, CompressionLevel.SmallestSize)) gzipStream.Write(body);
        return buffer.ToArray();
    }

    internal static byte[] Brotli(byte[] body) => Brotli(body, body.Length > LargeBody ? LargeBodyBrotliQuality : BrotliQuality);

    internal static byte[] Brotli(byte[] body, int quality)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        if (!BrotliEncoder.TryCompress(body, output, out var written, quality, BrotliWindow))
            throw new InvalidOperationException("Brotli compression failed into a buffer of its own maximum size.");
        return output.AsSpan(0, written).ToArray();
    }
}
