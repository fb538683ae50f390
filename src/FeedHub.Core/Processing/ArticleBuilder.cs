using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;
using FeedHub.Core.Sections;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Processing;

/// <summary>
/// Turns feed entries into articles: fetches each entry's page and extracts it; when the page
/// can't be fetched or holds nothing convincing, keeps the feed's own content and records why.
/// </summary>
public sealed class ArticleBuilder(
    PageExtractor pages,
    ContentSanitizer sanitizer,
    LiveConfiguration configuration,
    PipelineMetrics metrics,
    PollingOptions options,
    TimeProvider time,
    ILogger<ArticleBuilder> logger)
{
    // Pages of one poll fetched at once: a fetch far ahead of extraction (CPU-bound, one per core) only holds memory.
    private const int PagesInParallel = 2;

    public async Task<IReadOnlyList<Article>> BuildAsync(Source source, IReadOnlyList<FeedEntry> entries, CancellationToken cancellationToken)
    {
        var built = new Article[entries.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PagesInParallel, CancellationToken = cancellationToken },
            async (i, ct) => built[i] = await BuildAsync(source, entries[i], ct));
        return built;
    }

    private async Task<Article> BuildAsync(Source source, FeedEntry entry, CancellationToken cancellationToken)
    {
        var (extracted, status) = await ExtractPageAsync(entry, cancellationToken);
        var article = extracted is not null
            ? FromExtraction(source, entry, extracted, status)
            : FromFeed(source, entry, status);
        var sections = Sectioner.Assign(article, source, configuration.Current.Catalog.Sections);
        return article with { Sections = sections, CopyWindow = configuration.Current.CopyWindow(source.Id, sections.Select(s => s.Slug)) };
    }

    private async Task<(ExtractedArticle? Article, ExtractionOutcome Outcome)> ExtractPageAsync(FeedEntry entry, CancellationToken cancellationToken)
    {
        if (!options.FetchArticlePages) return (null, ExtractionOutcome.Feed("page fetching is off"));
        if (entry.Link is null) return (null, ExtractionOutcome.Feed("the entry has no link"));
        var page = await pages.FromUrlAsync(entry.Link, cancellationToken);
        if (page.IsExtracted) return (page.Article, ExtractionOutcome.Extracted);
        logger.LogInformation("Keeping the feed's content for {Url}: {Reason}", entry.Link, page.Reason);
        metrics.CountExtractionFallback(page.Fallback);
        return (null, ExtractionOutcome.Feed(page.Reason!));
    }

    private Article FromExtraction(Source source, FeedEntry entry, ExtractedArticle page, ExtractionOutcome status) => new()
    {
        Id = StableId.ForArticle(source.Id, entry.Guid),
        SourceId = source.Id,
        Guid = entry.Guid,
        Url = entry.Link ?? page.CanonicalUrl,
        Title = source.Kind == SourceKind.Page ? page.Title ?? Untitled(entry.Title) : entry.Title.Length > 0 ? entry.Title : page.Title ?? "(untitled)",
        // A feed's date is its publisher's word on the story; a listing's is a teaser's (often only a day), so the page's wins.
        Published = source.Kind == SourceKind.Page ? page.Published ?? FeedDate(entry) : FeedDate(entry) ?? page.Published,
        Updated = entry.Updated ?? page.Modified,
        Author = entry.Author ?? page.Byline,
        Summary = Summarize(entry),
        ContentHtml = page.ContentHtml,
        ContentText = page.ContentText,
        Extraction = status,
        FetchedAt = time.GetUtcNow(),
        Headings = page.Headings,
        SectionCandidates = page.Sections.Concat(FeedSections(entry)).ToList(),
        CanonicalUrl = CanonicalUrl.ForStory(page.CanonicalUrl, entry.Link),
        Enclosures = WebOnly(entry.Enclosures),
        CommentsUrl = WebUrl.Parse(entry.Comments),
        LeadImage = page.LeadImage,
        Language = page.Language,
        WordCount = page.WordCount,
        ReadingMinutes = page.ReadingMinutes,
        EntryVersion = EntryVersion.Of(entry),
    };

    /// <summary>
    /// A stored article as an edited entry of the source that brought it has it: built again, its page fetched and
    /// extracted anew when <paramref name="fetchPage"/>. A body extracted before is kept when no new one is had (the
    /// page was not fetched now, or no longer gives an article); the feed's fields (title, summary, dates, author,
    /// categories, media) are the entry's in any case. In the sections every source listing the story puts it in.
    /// </summary>
    public async Task<Article> ReviseAsync(Source source, FeedEntry entry, Article stored, bool fetchPage, CancellationToken cancellationToken)
    {
        var hadPage = stored.Extraction.IsExtracted;
        var rebuilt = fetchPage ? await BuildAsync(source, entry, cancellationToken)
            : FromFeed(source, entry, hadPage ? ExtractionOutcome.Feed("the page was not fetched again") : stored.Extraction);
        var revised = rebuilt.Extraction.IsExtracted || !hadPage
            ? rebuilt
            : stored with
            {
                Url = rebuilt.Url,
                Title = rebuilt.Title,
                Summary = Summarize(entry),
                Published = rebuilt.Published ?? stored.Published,
                Updated = rebuilt.Updated,
                Author = rebuilt.Author ?? stored.Author,
                Enclosures = rebuilt.Enclosures,
                CommentsUrl = rebuilt.CommentsUrl,
                SectionCandidates = stored.SectionCandidates.Where(c => !c.IsFromFeed).Concat(FeedSections(entry)).ToList(),
                EntryVersion = rebuilt.EntryVersion,
            };
        // An edit that brings no later date of its own is dated when it was seen, so that readers notice the change.
        var updated = revised.Updated is { } date && !(date <= stored.Updated) ? date : time.GetUtcNow();
        revised = revised with { SourceIds = stored.SourceIds, Updated = updated };
        return revised with { Sections = SectionsOfEverySource(revised, source) };
    }

    /// <summary>The sections every source listing the story puts it in (a source no longer configured, none of its own).</summary>
    private List<ArticleSection> SectionsOfEverySource(Article article, Source? first = null)
    {
        var current = configuration.Current;
        var sources = current.Catalog.Sources.ToDictionary(s => s.Id, current.ToSource);
        return article.SourceIds
            .SelectMany(id =>
                Sectioner.Assign(article with { SourceId = id }, id == first?.Id ? first : sources.GetValueOrDefault(id), current.Catalog.Sections))
            .DistinctBy(s => s.Slug).ToList();
    }

    /// <summary>
    /// A stored article with its page fetched and extracted again, as polling would now (site rules changed, the
    /// extractor improved): the body, outline, page metadata and section candidates the page gives now, the feed's own
    /// fields (title, dates, author, media, the feed's categories) as they were, the section rules applied again. Null,
    /// with why, when the page gives no article now: the stored article is better kept as it is.
    /// </summary>
    public async Task<(Article? Revised, string? Reason)> ReextractAsync(Article stored, CancellationToken cancellationToken)
    {
        if (stored.Url is null) return (null, "the article has no link");
        var page = await pages.FromUrlAsync(stored.Url, cancellationToken);
        if (!page.IsExtracted || page.Article is not { } extracted) return (null, page.Reason);
        var revised = stored with
        {
            ContentHtml = extracted.ContentHtml,
            ContentText = extracted.ContentText,
            Headings = extracted.Headings,
            Extraction = ExtractionOutcome.Extracted,
            Published = stored.Published ?? extracted.Published,
            Author = stored.Author ?? extracted.Byline,
            LeadImage = extracted.LeadImage ?? stored.LeadImage,
            Language = extracted.Language ?? stored.Language,
            WordCount = extracted.WordCount,
            ReadingMinutes = extracted.ReadingMinutes,
            SectionCandidates = extracted.Sections.Concat(stored.SectionCandidates.Where(c => c.IsFromFeed)).ToList(),
        };
        return (revised with { Sections = SectionsOfEverySource(revised) }, null);
    }

    /// <summary>
    /// An entry whose story is stored already (another feed, or another guid, brought the same canonical URL):
    /// nothing is fetched; the stored article is given this source and guid, in the sections this source puts it in.
    /// </summary>
    public Article Relink(Source source, FeedEntry entry, Article stored)
    {
        // Url and Title are this source's own (they are stored with its membership; the article keeps its own).
        var linked = stored with
        {
            SourceId = source.Id,
            Guid = entry.Guid,
            FetchedAt = time.GetUtcNow(),
            Url = entry.Link ?? stored.Url,
            Title = entry.Title.Length > 0 ? entry.Title : stored.Title,
            EntryVersion = EntryVersion.Of(entry),
        };
        return linked with { Sections = Sectioner.Assign(linked, source, configuration.Current.Catalog.Sections) };
    }

    /// <summary>Only http(s) addresses are passed on to readers: a javascript: or file: "enclosure" is dropped.</summary>
    private static IReadOnlyList<FeedEnclosure> WebOnly(IReadOnlyList<FeedEnclosure> enclosures) =>
        enclosures.Where(e => WebUrl.Parse(e.Href) is not null).DistinctBy(e => e.Href).ToList();

    /// <summary>The feed item's own categories are section candidates too.</summary>
    private static IEnumerable<SectionCandidate> FeedSections(FeedEntry entry) =>
        entry.Categories.Select(SectionCandidate.FromFeed);

    private Article FromFeed(Source source, FeedEntry entry, ExtractionOutcome status)
    {
        var html = Sanitize(entry.ContentHtml ?? entry.Summary ?? "", entry.Link);
        var (text, headings) = ArticleExtractor.ReadFragment(html);
        return new Article
        {
            Id = StableId.ForArticle(source.Id, entry.Guid),
            SourceId = source.Id,
            Guid = entry.Guid,
            Url = entry.Link,
            Title = entry.Title.Length > 0 ? entry.Title : "(untitled)",
            Published = FeedDate(entry),
            Updated = entry.Updated,
            Author = entry.Author,
            Summary = entry.ContentHtml is null ? null : Summarize(entry), // else the summary is the content
            ContentHtml = html,
            ContentText = text,
            Extraction = status,
            FetchedAt = time.GetUtcNow(),
            Headings = headings,
            SectionCandidates = FeedSections(entry).ToList(),
            CanonicalUrl = CanonicalUrl.ForStory(null, entry.Link),
            Enclosures = WebOnly(entry.Enclosures),
            CommentsUrl = WebUrl.Parse(entry.Comments),
            WordCount = ReadingTime.Words(text),
            ReadingMinutes = ReadingTime.Minutes(ReadingTime.Words(text)),
            EntryVersion = EntryVersion.Of(entry),
        };
    }

    private static string Untitled(string title) => title.Length > 0 ? title : "(untitled)";

    /// <summary>
    /// The date the feed gives the item: its published date, else its only date (RSS 1.0's dc:date, an Atom entry with
    /// just updated), which is the feed's word on when the story appeared and so wins over the page's.
    /// </summary>
    private static DateTimeOffset? FeedDate(FeedEntry entry) => entry.Published ?? entry.Updated;

    /// <summary>The feed's summary when it differs from the full content; sanitized like everything published.</summary>
    private string? Summarize(FeedEntry entry) =>
        entry.Summary is { } summary && summary != entry.ContentHtml
            ? Sanitize(summary, entry.Link)
            : null;

    /// <summary>
    /// The feed's own HTML, sanitized. Markup shaped to make parsing slow (20,000 nested divs in a description cost
    /// 7 s in the sanitizer and minutes in <see cref="ArticleExtractor.ReadFragment"/>) is kept as its text alone.
    /// </summary>
    private string Sanitize(string feedHtml, Uri? link)
    {
        if (MarkupShape.FindExcess(feedHtml) is { } excess)
        {
            logger.LogWarning("The feed's content for {Url} has {Excess}; only its text is kept", link, excess);
            feedHtml = "<p>" + System.Net.WebUtility.HtmlEncode(MarkupShape.TextOf(feedHtml)) + "</p>";
        }
        return sanitizer.Sanitize(feedHtml, link);
    }
}
