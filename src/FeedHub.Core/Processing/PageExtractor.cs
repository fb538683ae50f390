using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Fetching;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;

namespace FeedHub.Core.Processing;

/// <summary>What extracting one page gave: the article, or why there is none worth keeping.</summary>
public sealed record PageResult(ExtractedArticle? Article, string? Reason, PageFallback? Fallback = null)
{
    public bool IsExtracted => Reason is null;

    /// <summary>Extracted, or a fallback with why (the page was read but held no convincing article, or could not be fetched or extracted).</summary>
    public ExtractionOutcome Outcome => Reason is null ? ExtractionOutcome.Extracted : ExtractionOutcome.Fallback(Reason);
}

/// <summary>
/// One page through the extraction that polling uses: fetched with the same fetcher (network guard,
/// caps, timeouts) as robots.txt allows, decoded with the same charset rules, extracted with the same rules and sanitizer,
/// within the same budget (a markup shape the parser and the walks handle in linear time, and
/// <see cref="PollingOptions.ExtractionTimeout"/>). The poller, `feedhub extract` and POST /api/extract all go through here.
/// </summary>
public sealed class PageExtractor(RobotsPolicy robots, ArticleExtractor extractor, PageBacklog backlog, PipelineMetrics metrics, PollingOptions options,
    TimeProvider time)
{
    /// <summary>
    /// Fetches the page once the backlog of pages waiting for extraction has room (<see cref="PageBacklog"/>), and keeps
    /// it as the bytes it came as until it has its turn: the decoded text is twice their size (UTF-16). It is then decoded
    /// into a pooled buffer (<see cref="PageText"/>), not a string, and parsed from there, so at most one decoded page per
    /// core exists at a time and none of them is new garbage on the large-object heap.
    /// </summary>
    public async Task<PageResult> FromUrlAsync(Uri url, CancellationToken cancellationToken)
    {
        await backlog.WaitForRoomAsync(cancellationToken);
        var page = await robots.FetchPageAsync(url, cancellationToken);
        if (page is FetchResult.Failed { Kind: FetchFailure.RefusedByRobotsTxt } refused)
            return new PageResult(null, refused.Message, PageFallback.RefusedByRobotsTxt);
        if (page is not FetchResult.PooledPage fetched)
            return new PageResult(null, "page not fetched: " + (page is FetchResult.Failed failed ? failed.Message : "no page"), PageFallback.NotFetched);
        using (fetched.Body)
        {
            metrics.CountFetchedBytes(fetched.Body.Length);
            return await ExtractFetchedAsync(fetched, cancellationToken);
        }
    }

    /// <summary>
    /// The fetched page waits in the backlog for its turn on an <see cref="ExtractionThreads"/> thread, is decoded then, and
    /// its bytes go back to the pool before the extraction.
    /// </summary>
    private async Task<PageResult> ExtractFetchedAsync(FetchResult.PooledPage fetched, CancellationToken cancellationToken)
    {
        // What waits is the buffer, up to twice the page's bytes (pooled arrays come in powers of two): that is the memory bounded.
        using var waiting = backlog.Hold(fetched.Body.Array.Length);
        return await ExtractionThreads.Shared.RunAsync(() =>
        {
            waiting.Dispose();
            using var text = PageText.Decode(fetched.Body.Span, fetched.ContentType);
            fetched.Body.Dispose();
            return ExtractInTurn(text.Span, budget => extractor.Extract(text.Array, text.Length, fetched.Url, budget), cancellationToken);
        }, cancellationToken);
    }

    /// <param name="html">The page's markup, already decoded.</param>
    /// <param name="pageUrl">Where the page lives: relative links, the site's rule and the URL-path section depend on it.</param>
    /// <param name="cancellationToken">The caller's (a poll's, a request's); the extraction's own time budget comes on top.</param>
    public Task<PageResult> FromHtmlAsync(string html, Uri pageUrl, CancellationToken cancellationToken) =>
        // A string source makes AngleSharp's asynchronous parse complete as it goes: waiting for it blocks nothing else.
        ExtractionThreads.Shared.RunAsync(() => ExtractInTurn(html,
            budget => extractor.ExtractAsync(html, pageUrl, budget).GetAwaiter().GetResult(), cancellationToken), cancellationToken);

    /// <summary>The page's extraction, on an extraction thread: its shape checked, then extracted within the budget.</summary>
    /// <param name="html">The page's markup, for the shape check.</param>
    /// <param name="extract">Extracts the same markup, stopping when the token given to it fires.</param>
    private PageResult ExtractInTurn(ReadOnlySpan<char> html, Func<CancellationToken, ExtractedArticle> extract, CancellationToken cancellationToken) =>
        MarkupShape.FindExcess(html) is { } excess
            ? new PageResult(null, $"the page has {excess}", PageFallback.TooComplex)
            : JudgeWithinBudget(extract, cancellationToken);

    private PageResult JudgeWithinBudget(Func<CancellationToken, ExtractedArticle> extract, CancellationToken cancellationToken) =>
        ExtractWithinBudget(extract, cancellationToken) is { } article
            ? Judge(article)
            : new PageResult(null, $"the page took too long to extract (over {options.ExtractionTimeout.TotalSeconds:0.###} s)", PageFallback.TooSlow);

    /// <summary>
    /// The budget's clock starts once the page has its turn to be extracted, not while it waits for one. The timer
    /// stops the work; the clock read at the end also catches a page that finished late because the timer's callback
    /// waited for a busy thread pool, so that over the budget always means the same outcome.
    /// </summary>
    /// <returns>The article, or null when the page went over the budget.</returns>
    private ExtractedArticle? ExtractWithinBudget(Func<CancellationToken, ExtractedArticle> extract, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ExtractionTimeout, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            var article = extract(budget.Token);
            return time.GetElapsedTime(started) > options.ExtractionTimeout ? null : article;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the budget ran out; the caller's own cancellation goes on up
        }
        finally
        {
            metrics.RecordExtractionDuration(time.GetElapsedTime(started));
        }
    }

    private static PageResult Judge(ExtractedArticle article) =>
        article.IsConvincing ? new PageResult(article, null) : new PageResult(article, "the page held too little text", PageFallback.TooLittleText);
}
