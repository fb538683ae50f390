using FeedHub.Core.Extraction;
using FeedHub.Core.Fetching;

namespace FeedHub.Core.Processing;

/// <summary>What extracting one page gave: the article, or why there is none worth keeping.</summary>
public sealed record PageResult(ExtractedArticle? Article, string? Reason)
{
    public bool IsExtracted => Reason is null;

    /// <summary>"extracted", or "fallback: why" (the page was read but held no convincing article, or could not be fetched).</summary>
    public string Status => Reason is null ? "extracted" : "fallback: " + Reason;
}

/// <summary>
/// One page through the extraction that polling uses: fetched with the same fetcher (network guard,
/// caps, timeouts), decoded with the same charset rules, extracted with the same rules and sanitizer.
/// The poller, `feedhub extract` and POST /api/extract all go through here.
/// </summary>
public sealed class PageExtractor(FeedFetcher fetcher, ArticleExtractor extractor, PipelineMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// Extraction is CPU-bound and a parsed page takes megabytes: more extractions at once than cores only
    /// costs memory (64 at once, with 16 polls of 4 pages, took 480 MiB in the ingest benchmark).
    /// </summary>
    private static readonly SemaphoreSlim Extracting = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public async Task<PageResult> FromUrlAsync(Uri url, CancellationToken cancellationToken)
    {
        var page = await fetcher.FetchPageAsync(url, cancellationToken);
        if (page is not FetchResult.Fetched fetched)
            return new PageResult(null, "page not fetched: " + (page is FetchResult.Failed failed ? failed.Message : "no page"));
        metrics.FetchedBytes.Add(fetched.Body.Length);
        await Extracting.WaitAsync(cancellationToken);
        try
        {
            return Judge(Extract(extractor, fetched.Text, fetched.Url));
        }
        finally
        {
            Extracting.Release();
        }
    }

    /// <param name="html">The page's markup, already decoded.</param>
    /// <param name="pageUrl">Where the page lives: relative links, the site's rule and the URL-path section depend on it.</param>
    /// <param name="rules">Other site rules to try instead of the configured ones.</param>
    public PageResult FromHtml(string html, Uri pageUrl, ArticleExtractor? rules = null) =>
        Judge(Extract(rules ?? extractor, html, pageUrl));

    private ExtractedArticle Extract(ArticleExtractor with, string html, Uri pageUrl)
    {
        var started = time.GetTimestamp();
        var article = with.Extract(html, pageUrl);
        metrics.ExtractionDuration.Record(time.GetElapsedTime(started).TotalSeconds);
        return article;
    }

    private static PageResult Judge(ExtractedArticle article) =>
        article.IsConvincing ? new PageResult(article, null) : new PageResult(article, "the page held too little text");
}
