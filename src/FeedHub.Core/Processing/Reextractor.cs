using FeedHub.Core.Model;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Processing;

/// <summary>What extracting one stored article's page again did.</summary>
public enum ReextractStatus
{
    /// <summary>The page gave another body, outline, metadata or sections: the article was revised.</summary>
    Revised,
    /// <summary>The page gave what is stored already: nothing was written.</summary>
    Unchanged,
    /// <summary>The page gave no article now (not fetched, too little text, ...): the stored article was kept as it was.</summary>
    Kept,
    /// <summary>No stored article has the id.</summary>
    NotFound,
}

/// <summary>One article's re-extraction: its id, title, what happened, and why when it was kept.</summary>
public sealed record ReextractResult(string ArticleId, string? Title, ReextractStatus Status, string? Reason = null);

/// <summary>
/// Extracts stored articles again from their pages, with the fetcher and extractor polling uses (its network guard,
/// caps and site rules as loaded now), and revises the stored articles: needed when site rules change or the extractor
/// improves, since a poll never fetches a stored article's page again unless its entry is edited. One article, or every
/// article a selection finds (a source's, a section's, all), a batch per transaction; the published feeds follow
/// (section_changes moves by trigger). `feedhub reextract` and POST /api/articles/{id}/reextract run this.
/// </summary>
public sealed class Reextractor(ArticleStore articles, ArticleBuilder builder, Database database, FeedCache feeds, ILogger<Reextractor> logger)
{
    /// <summary>Articles stored per transaction: a run over thousands keeps what it did so far if it is stopped.</summary>
    public const int BatchSize = 20;

    /// <summary>Pages fetched at once, as a poll does (extraction is CPU-bound; more at once only holds memory).</summary>
    private const int PagesInParallel = 2;

    public async Task<ReextractResult> ReextractAsync(string articleId, CancellationToken cancellationToken)
    {
        if (articles.FindById(articleId) is not { } stored) return new ReextractResult(articleId, null, ReextractStatus.NotFound, "no such article");
        return (await ReextractBatchAsync([stored], cancellationToken))[0];
    }

    /// <summary>Every article <paramref name="selection"/> finds (its sections, its source, or all when it names neither), newest first.</summary>
    /// <param name="reported">Called with each article's result as its batch is stored.</param>
    public async Task<IReadOnlyList<ReextractResult>> ReextractAsync(ArticleQuery selection,
        Action<ReextractResult>? reported, CancellationToken cancellationToken)
    {
        var results = new List<ReextractResult>();
        PageCursor? after = null;
        while (true)
        {
            var page = articles.Find(selection with { After = after, Limit = BatchSize }, cancellationToken);
            if (page.Count == 0) break;
            after = ArticleStore.CursorAfter(page[^1]);
            var full = page.Select(a => articles.FindById(a.Id)).OfType<Article>().ToList(); // with section candidates
            foreach (var result in await ReextractBatchAsync(full, cancellationToken))
            {
                results.Add(result);
                reported?.Invoke(result);
            }
            if (page.Count < BatchSize) break;
        }
        return results;
    }

    private async Task<IReadOnlyList<ReextractResult>> ReextractBatchAsync(IReadOnlyList<Article> stored, CancellationToken cancellationToken)
    {
        var rebuilt = new (Article? Revised, string? Reason)[stored.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, stored.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PagesInParallel, CancellationToken = cancellationToken },
            async (i, ct) => rebuilt[i] = await builder.ReextractAsync(stored[i], ct));
        var results = new List<ReextractResult>(stored.Count);
        var changed = new List<Article>();
        for (var i = 0; i < stored.Count; i++)
        {
            var (before, (revised, reason)) = (stored[i], rebuilt[i]);
            var status = revised is null ? ReextractStatus.Kept : IsSame(before, revised) ? ReextractStatus.Unchanged : ReextractStatus.Revised;
            if (status == ReextractStatus.Revised) changed.Add(revised!);
            else if (status == ReextractStatus.Kept) logger.LogInformation("Re-extracting {ArticleId} ({Url}) kept the stored article: {Reason}", before.Id, before.Url, reason);
            results.Add(new ReextractResult(before.Id, before.Title, status, reason));
        }
        if (changed.Count == 0) return results;
        IReadOnlySet<string> stale = new HashSet<string>();
        database.InTransaction(transaction => stale = ArticleStore.Replace(transaction, changed));
        feeds.Invalidate(stale);
        return results;
    }

    /// <summary>Whether the page gave what is stored: an article written again unchanged would move its feeds' versions for nothing.</summary>
    private static bool IsSame(Article stored, Article revised) =>
        stored.ContentHtml == revised.ContentHtml && stored.Extraction == revised.Extraction
        && stored.LeadImage == revised.LeadImage && stored.Language == revised.Language && stored.Published == revised.Published
        && stored.Author == revised.Author
        && stored.Headings.SequenceEqual(revised.Headings) && stored.SectionCandidates.SequenceEqual(revised.SectionCandidates)
        && stored.Sections.Select(s => s.Slug).Order().SequenceEqual(revised.Sections.Select(s => s.Slug).Order());
}
