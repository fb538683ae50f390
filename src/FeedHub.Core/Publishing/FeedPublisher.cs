using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Publishing;

/// <summary>
/// Answers "the feed for this request": which sections a feed URL names, and for a checked <see cref="FeedRequest"/> the
/// feed as it stands (<see cref="PublishedFeed"/>): its document, its rendered bytes from the cache and the validators
/// those carry. The HTTP layer only reads parameters and writes responses.
/// </summary>
public sealed class FeedPublisher(
    LiveConfiguration configuration, ArticleStore articles, SectionChanges changes, FeedWriter writer, FeedCache cache,
    FeedUrls urls, TimeProvider time)
{
    /// <summary>Items in a feed when the request names no limit.</summary>
    public const int DefaultLimit = 50;

    /// <summary>
    /// The sections /feeds/{slug} shows: the section of that slug, none (every section) for <see cref="FeedUrls.AllSlug"/>,
    /// or null when no section has that slug.
    /// </summary>
    public IReadOnlyList<SectionOptions>? FindSections(string slug)
    {
        var found = configuration.Current.Catalog.Sections.FirstOrDefault(s => s.Slug == slug);
        if (found is not null) return [found];
        return slug == FeedUrls.AllSlug ? [] : null;
    }

    /// <summary>
    /// The feed for <paramref name="request"/> as the store has it now: read as the store says, so a write by another
    /// process (feedhub refresh) is seen at once.
    /// </summary>
    public PublishedFeed Open(FeedRequest request)
    {
        var hub = configuration.Current.Http.WebSubHub is { Length: > 0 } hubUrl ? new Uri(hubUrl) : null;
        return new PublishedFeed(this, request, changes.For(request.DependsOn), hub);
    }

    internal RenderedFeed Cached(PublishedFeed feed, Func<RenderedFeed> render) =>
        cache.GetOrRender(feed.Request.Address, feed.Request.DependsOn, render, feed.Change.Version);

    internal RenderedFeed Render(FeedDocument document, FeedFormat format)
    {
        var now = time.GetUtcNow();
        return new RenderedFeed(writer.Write(document, format, now), FeedFormats.MediaType(format), WholeSeconds(document.Updated(now)));
    }

    internal FeedDocument Document(FeedRequest request, Uri? hub, DateTimeOffset? changedAt)
    {
        var found = articles.Find(new ArticleQuery
        {
            Sections = request.Sections.Select(s => s.Slug).ToList(),
            SourceId = request.Source?.Id,
            Since = request.Since,
            After = request.Before,
            Limit = request.Limit,
            Text = request.Text,
        });
        // The request's path and query (the cache key) under the configured public address: never the Host it was sent to.
        var selfUrl = urls.Resolve(request.Address);
        return new FeedDocument(
            Id: StableId.ForSection(request.Identity),
            Title: request.Title,
            Subtitle: request.Subtitle,
            SelfUrl: selfUrl,
            AlternateUrl: urls.Home,
            Articles: found)
        {
            NextUrl = found.Count == request.Limit ? PageLinks.With(selfUrl, "before", ArticleStore.CursorAfter(found[^1]).ToString()) : null,
            StylesheetPath = urls.Stylesheet.AbsolutePath,
            HubUrl = hub,
            ChangedAt = changedAt,
        };
    }

    /// <summary>HTTP dates have whole seconds.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);
}
