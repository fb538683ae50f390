using FeedHub.Core.Configuration;

namespace FeedHub.Core.Publishing;

/// <summary>
/// Every absolute URL FeedHub publishes (a feed's self, alternate and next links, WebSub topics), built in one place
/// from the configured public address: <see cref="HttpOptions.PublicUrl"/>, else <see cref="HttpOptions.Url"/>.
/// Never from a request's Host header: a feed is cached and served to every reader, so whatever one client sends
/// must not become another client's links.
/// </summary>
public sealed class FeedUrls
{
    /// <summary>The slug of the feed across all sections.</summary>
    public const string AllSlug = SectionOptions.AllSlug;

    public const string StylesheetPath = "/feed.xsl";

    private readonly bool isListeningAddress;

    public FeedUrls(HttpOptions http)
    {
        isListeningAddress = string.IsNullOrEmpty(http.PublicUrl);
        var configured = new Uri(isListeningAddress ? http.Url : http.PublicUrl!);
        IsGuessed = isListeningAddress && IsWildcard(configured.Host);
        // Listening on every interface says nothing about the name readers use; localhost is the one address
        // that is right on this machine, and the start-up log asks for Http.PublicUrl.
        var builder = new UriBuilder(configured) { Query = "", Fragment = "" };
        if (IsGuessed) builder.Host = "localhost";
        if (!builder.Path.EndsWith('/')) builder.Path += "/";
        Base = builder.Uri;
    }

    /// <summary>The public address, ending in a slash (it may carry a path when FeedHub sits under one behind a proxy).</summary>
    public Uri Base { get; private set; }

    /// <summary>
    /// The server started on <paramref name="address"/>: when the public address is the listening one and its port
    /// was 0 (any free port, as tests ask), the port the server got is the one to publish.
    /// </summary>
    public void Started(Uri address)
    {
        if (isListeningAddress && Base.Port == 0) Base = new UriBuilder(Base) { Port = address.Port }.Uri;
    }

    /// <summary>True when no public address is configured and the listening address names no host (0.0.0.0).</summary>
    public bool IsGuessed { get; }

    public Uri Home => Base;

    /// <summary>The route of the published feeds, whose address <see cref="Path"/> builds.</summary>
    public const string FeedRoute = "/feeds/{section}.{format}";

    /// <summary>The published feed of a section (or <see cref="AllSlug"/>) in a format.</summary>
    public Uri Feed(string slug, FeedFormat format) => Resolve(Path(slug, format));

    /// <summary>
    /// The path of a section's (or <see cref="AllSlug"/>'s) feed, for links within FeedHub's own pages and answers,
    /// which stay relative: the one place that spells /feeds/{slug}.{extension}.
    /// </summary>
    public static string Path(string slug, FeedFormat format) => $"/feeds/{slug}.{FeedFormats.Extension(format)}";

    public Uri Stylesheet => Resolve(StylesheetPath);

    /// <summary>A path of FeedHub's (with its query), such as the one a request asked for, under the public address.</summary>
    public Uri Resolve(string pathAndQuery) => new(Base, pathAndQuery.TrimStart('/'));

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "::" or "*" or "+";
}
