using System.Net;
using System.Net.Http.Headers;

namespace FeedHub.Core.Fetching;

/// <summary>
/// The offline demo's origin, http://samples.feedhub.invalid/, answered in process from the Http.SamplesPath folder.
/// Nothing goes over the network (".invalid" never resolves, RFC 6761 section 6.4), so the samples need no
/// Network.AllowedNetworks entry that feed content could use to reach the host's loopback (issue 14 item 5), and they
/// work on whatever address and port FeedHub serves (issue 17 item 7). Every other URL goes on to the network.
/// </summary>
public sealed class SampleFiles(string folder, HttpMessageHandler network) : DelegatingHandler(network)
{
    public const string Host = "samples.feedhub.invalid";

    private readonly string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;

    /// <summary>Whether <paramref name="url"/> is on the samples' origin (http, default port).</summary>
    public static bool IsSampleUrl(Uri? url) =>
        url is { Scheme: "http", IsDefaultPort: true } && string.Equals(url.Host, Host, StringComparison.OrdinalIgnoreCase);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        IsSampleUrl(request.RequestUri) ? AnswerAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            return Status(request, HttpStatusCode.MethodNotAllowed);
        // Unescaped first, so that "..%2f" is seen as the ".." it is and cannot climb out of the folder.
        var path = Path.GetFullPath(Path.Combine(root, Uri.UnescapeDataString(request.RequestUri!.AbsolutePath).TrimStart('/')));
        if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path))
            return Status(request, HttpStatusCode.NotFound);
        var written = File.GetLastWriteTimeUtc(path);
        var lastModified = new DateTimeOffset(written.AddTicks(-(written.Ticks % TimeSpan.TicksPerSecond)), TimeSpan.Zero); // HTTP dates are whole seconds
        if (request.Headers.IfModifiedSince is { } since && lastModified <= since)
            return Status(request, HttpStatusCode.NotModified);
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType(path));
        content.Headers.LastModified = lastModified;
        return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = content };
    }

    private static HttpResponseMessage Status(HttpRequestMessage request, HttpStatusCode status) =>
        new(status) { RequestMessage = request, Content = new ByteArrayContent([]) };

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".xml" => "application/xml",
        ".json" => "application/feed+json",
        ".html" or ".htm" => "text/html",
        _ => "application/octet-stream",
    };
}
