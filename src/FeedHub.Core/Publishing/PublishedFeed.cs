using FeedHub.Core.Storage;

namespace FeedHub.Core.Publishing;

/// <summary>
/// One request's feed, as the store stood when it was opened: <see cref="Rendered"/> for feed readers (bytes kept in
/// the cache under the request's address until what the feed shows changes, with their ETags and Last-Modified), or
/// <see cref="Document"/> for the page a browser gets.
/// </summary>
public sealed class PublishedFeed
{
    private readonly FeedPublisher publisher;
    private readonly Uri? hub;

    internal PublishedFeed(FeedPublisher publisher, FeedRequest request, FeedChange change, Uri? hub)
    {
        this.publisher = publisher;
        this.hub = hub;
        Request = request;
        Change = change;
    }

    public FeedRequest Request { get; }

    /// <summary>
    /// The store's version of what the feed shows, and when that last changed (Last-Modified is that moment, not its
    /// newest article's date).
    /// </summary>
    public FeedChange Change { get; }

    /// <summary>The feed's identity, links and articles, read now.</summary>
    /// <exception cref="TimeoutException">A search ran out of its time budget.</exception>
    public FeedDocument Document() => publisher.Document(Request, hub, Change.ChangedAt);

    /// <summary>The feed's bytes in the request's format: from the cache while still current, else rendered once.</summary>
    /// <exception cref="TimeoutException">A search ran out of its time budget (nothing is cached).</exception>
    public RenderedFeed Rendered() => publisher.Cached(this, () => publisher.Render(Document(), Request.Format));
}
