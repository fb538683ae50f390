using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;

namespace FeedHub.Http;

/// <summary>The published feeds: /feeds/{section}.atom, and /feeds/all.atom for every article.</summary>
internal static class SectionFeeds
{
    public const string AllSlug = "all";
    private const int Limit = 50;

    public static IResult Atom(string section, HttpRequest request, LiveConfiguration configuration, ArticleStore articles,
        AtomFeedWriter writer, TimeProvider time)
    {
        var found = configuration.Current.Catalog.Sections.FirstOrDefault(s => s.Slug == section);
        if (found is null && section != AllSlug)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such section",
                detail: $"'{section}' is not a configured section; GET / lists them.");

        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var document = new FeedDocument(
            Id: StableId.ForSection(section),
            Title: found?.Name ?? "All sections",
            Subtitle: found?.Description,
            SelfUrl: new Uri(baseUrl + request.Path),
            AlternateUrl: new Uri(baseUrl + "/"),
            Articles: articles.FindLatest(found?.Slug, Limit));
        return TypedResults.Bytes(writer.Write(document, time.GetUtcNow()), "application/atom+xml; charset=utf-8");
    }
}
