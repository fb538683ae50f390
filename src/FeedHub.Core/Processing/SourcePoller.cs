using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Fetching;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Processing;

/// <summary>
/// One poll of one source, end to end: fetch the feed, parse it, turn each new entry into an
/// article (its page fetched and extracted), and store the lot in one transaction.
/// The scheduler, and later the CLI and the API, all poll through <see cref="PollAsync"/>.
/// </summary>
public sealed class SourcePoller(
    FeedFetcher fetcher,
    FeedParser parser,
    ArticleBuilder articleBuilder,
    Database database,
    SourceStore sources,
    ArticleStore articles,
    TimeProvider time,
    ILogger<SourcePoller> logger)
{
    public async Task<PollOutcome> PollAsync(Source source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = sources.FindState(source.Id) ?? SourceState.New(source.Id);
        var fetch = await fetcher.FetchFeedAsync(source.Url, state.ETag, state.LastModified, cancellationToken);
        switch (fetch)
        {
            case FetchResult.NotModified:
                state.RecordNotModified(now);
                return Finish(source, state, [], new PollOutcome(source.Id, PollStatus.NotModified, 0));
            case FetchResult.Failed failed:
                return Fail(source, state, now, failed.Message);
        }
        var fetched = (FetchResult.Fetched)fetch;
        var parsed = parser.Parse(fetched.Body, fetched.Url);
        if (parsed is ParseResult.NotAFeed notAFeed)
            return Fail(source, state, now, notAFeed.Reason);
        var feed = ((ParseResult.Parsed)parsed).Feed;

        var newEntries = FindNewEntries(source, feed.Entries);
        var built = await articleBuilder.BuildAsync(source, newEntries, cancellationToken);
        state.RecordSuccess(now, fetched.ETag, fetched.LastModified);
        return Finish(source, state, built, new PollOutcome(source.Id, PollStatus.Updated, built.Count));
    }

    /// <summary>Entries whose guid this source has not stored yet; a feed repeating a guid counts it once.</summary>
    private IReadOnlyList<FeedEntry> FindNewEntries(Source source, IReadOnlyList<FeedEntry> entries)
    {
        var known = articles.FindKnownGuids(source.Id, entries.Select(e => e.Guid));
        return entries.Where(e => !known.Contains(e.Guid)).DistinctBy(e => e.Guid).ToList();
    }

    private PollOutcome Fail(Source source, SourceState state, DateTimeOffset now, string error)
    {
        state.RecordFailure(now, error);
        logger.LogWarning("Poll of {SourceId} ({Url}) failed: {Error}", source.Id, source.Url, error);
        return Finish(source, state, [], new PollOutcome(source.Id, PollStatus.Failed, 0, error));
    }

    /// <summary>Stores the source's new state and its new articles together: one transaction per poll.</summary>
    private PollOutcome Finish(Source source, SourceState state, IReadOnlyList<Article> newArticles, PollOutcome outcome)
    {
        state.ScheduleNextCheck(time.GetUtcNow(), source.Interval);
        var stored = 0;
        database.InTransaction(transaction =>
        {
            SourceStore.Save(transaction, source, state);
            stored = ArticleStore.Insert(transaction, newArticles);
        });
        if (outcome.Status != PollStatus.Failed)
            logger.LogInformation("Polled {SourceId}: {Status}, {NewArticles} new articles", source.Id, outcome.Status, stored);
        return outcome with { NewArticles = stored };
    }
}
