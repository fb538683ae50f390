using FeedHub.Core.Configuration;
using FeedHub.Core.Fetching;
using FeedHub.Core.Listings;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Processing;

/// <summary>
/// One poll of one source, end to end: fetch the feed, parse it, turn each new entry into an
/// article (its page fetched and extracted), and store the lot with the source's new state in
/// one transaction. The scheduler, and later the CLI and the API, all poll through <see cref="PollAsync"/>.
/// A cancelled poll stores nothing.
/// </summary>
public sealed class SourcePoller(
    FeedFetcher fetcher,
    FeedParser parser,
    ArticleBuilder articleBuilder,
    PollStore polls,
    SourceStore sources,
    ArticleStore articles,
    PollingOptions options,
    FeedCache feeds,
    PipelineMetrics metrics,
    TimeProvider time,
    ILogger<SourcePoller> logger)
{
    private readonly SchedulePolicy policy = new(options.MaxHintedInterval, options.MaxBackoff);

    /// <summary>An edited item's page is fetched again at most this often (some feeds move every item's date at each build).</summary>
    public static readonly TimeSpan RefetchInterval = TimeSpan.FromMinutes(15);

    /// <summary>Edited items whose pages one poll fetches again at most; a feed rewriting every item can't make a poll fetch them all.</summary>
    public const int MaxRefetchesPerPoll = 10;

    public const string DisabledInConfig = "disabled in the config (Enabled: false), so not polled; force it (refresh --force, or force=true) to poll it once anyway";

    /// <param name="force">
    /// Fetch the whole feed (no If-None-Match / If-Modified-Since), and poll even a source stopped by 410 or disabled in the config.
    /// </param>
    public async Task<PollOutcome> PollAsync(Source source, CancellationToken cancellationToken, bool force = false)
    {
        var attempt = new Attempt(time.GetTimestamp(), time.GetUtcNow());
        // The poll's history row is stored with the rest of the poll (PollStore.Save); a source stopped by 410 and left
        // alone made no request and gets no row.
        var (outcome, result, _) = await PollOnceAsync(source, force, attempt, cancellationToken);
        var elapsed = time.GetElapsedTime(attempt.Started);
        metrics.RecordPoll(result, elapsed);
        // An unchanged feed is routine (Debug); new articles, or a feed that changed without any, are worth a line.
        // Failures were logged where they happened, with their reason.
        if (outcome.Status is PollStatus.Updated or PollStatus.NotModified)
            logger.Log(outcome.Status == PollStatus.NotModified ? LogLevel.Debug : LogLevel.Information,
                "Polled {SourceId} ({Url}): {Status}, {NewArticles} new articles, {LinkedArticles} linked, {RevisedArticles} revised, in {Elapsed:0} ms",
                source.Id, source.Url, outcome.Status, outcome.NewArticles, outcome.LinkedArticles, outcome.RevisedArticles, elapsed.TotalMilliseconds);
        return outcome;
    }

    /// <returns>
    /// The outcome, its finer result for metrics and the poll history, and the fetch (null when none was made), for the poll history.
    /// </returns>
    private async Task<(PollOutcome, PollResult, FetchResult?)> PollOnceAsync(Source source, bool force, Attempt attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!source.Enabled && !force) // the scheduler never polls it; a refresh that names it says so rather than polling it
            return (new PollOutcome(source.Id, PollStatus.Disabled, 0, DisabledInConfig), PollResult.Disabled, null);
        var state = sources.FindState(source.Id) ?? SourceState.New(source.Id);
        if (state.IsDisabledFor(source.Url) && !force)
            return (new PollOutcome(source.Id, PollStatus.Disabled, 0, state.DisabledReason), PollResult.Disabled, null);

        var fetch = force
            ? await fetcher.FetchFeedAsync(state.UrlToPoll(source.Url), null, null, cancellationToken)
            : await fetcher.FetchFeedAsync(state.UrlToPoll(source.Url), state.ETag, state.LastModified, cancellationToken);
        if (state.ObserveRedirect(source.Url, fetch.MovedPermanentlyTo))
            logger.LogWarning("Source {SourceId} moved permanently from {Url} to {NewUrl}; polling the new URL (update the config to make it official)",
                source.Id, source.Url, state.MovedTo);
        switch (fetch)
        {
            case FetchResult.NotModified notModified:
                state.RecordNotModified(now);
                return (Finish(source, state, [], PollStatus.NotModified, History(attempt, source, PollResult.NotModified, fetch, null),
                    hint: notModified.FreshFor), PollResult.NotModified, fetch);
            case FetchResult.Failed { Kind: FetchFailure.Gone } gone:
                return (Disable(source, state, now, gone.Message, attempt, fetch), PollResult.Gone, fetch);
            case FetchResult.Failed { Kind: FetchFailure.Deferred, RetryAt: { } until } deferred:
                return (Defer(source, state, until, deferred.Message, History(attempt, source, PollResult.Deferred, fetch, deferred.Message)),
                    PollResult.Deferred, fetch);
            case FetchResult.Failed failed:
                return (Fail(source, state, now, failed.Message, failed.RetryAt, History(attempt, source, ResultOf(failed.Kind), fetch, failed.Message)),
                    ResultOf(failed.Kind), fetch);
        }
        var fetched = (FetchResult.Fetched)fetch;
        metrics.CountFetchedBytes(fetched.Body.Length);
        var parsed = ReadEntries(source, fetched);
        if (parsed is ParseResult.NotAFeed notAFeed)
        {
            var result = source.Kind == SourceKind.Page ? PollResult.NotAListing : PollResult.NotAFeed;
            return (Fail(source, state, now, notAFeed.Reason, null, History(attempt, source, result, fetch, notAFeed.Reason)), result, fetch);
        }
        var feed = ((ParseResult.Parsed)parsed).Feed;
        if (feed.IllFormed is not null && state.FeedWarning is null) // news when it starts; sources show it while it lasts
            logger.LogWarning("The feed of {SourceId} ({Url}) was read leniently, as it is {Problem}", source.Id, source.Url, feed.IllFormed);
        state.RecordFeed(feed.Format, feed.IllFormed);

        var (newEntries, repeats) = SortEntries(source, feed.Entries);
        var built = await BuildArticlesAsync(source, newEntries, cancellationToken);
        // A listing's teaser is no edit of the article: a page source fetches each article once, when its link is new.
        var revisions = source.Kind == SourceKind.Page ? [] : await ReviseArticlesAsync(source, repeats, cancellationToken);
        state.RecordSuccess(now, fetched.ETag, fetched.LastModified);
        return (Finish(source, state, built, PollStatus.Updated, History(attempt, source, PollResult.Ok, fetch, null),
            hint: Longest(feed.Ttl, fetched.FreshFor), revisions: revisions), PollResult.Ok, fetch);
    }

    /// <summary>When a poll started, by the clock for its duration and by the calendar for its history row.</summary>
    private sealed record Attempt(long Started, DateTimeOffset PolledAt);

    /// <summary>The poll's history row as of now (its new articles are counted where it is stored).</summary>
    private PollRecord History(Attempt attempt, Source source, PollResult result, FetchResult fetch, string? error) =>
        new(source.Id, attempt.PolledAt, result, fetch.HttpStatus, (fetch as FetchResult.Fetched)?.Body.Length,
            time.GetElapsedTime(attempt.Started), 0, error);

    /// <summary>The entries of what was fetched: a feed's, or for a page source the article links its page lists.</summary>
    private ParseResult ReadEntries(Source source, FetchResult.Fetched fetched) => source.Kind == SourceKind.Page
        ? ListingReader.Read(fetched.Body, fetched.ContentType, fetched.Url, source.Listing)
        : parser.Parse(fetched.Body, fetched.ContentType, fetched.Url);

    /// <summary>
    /// What to store of the items this source lists again: nothing for a repeat; for an edit, the source's new version of
    /// the item, and the article rebuilt when the source brought it first (another source's edit changes only its own
    /// membership). An edit's page is fetched again at most once per item per <see cref="RefetchInterval"/> and for
    /// <see cref="MaxRefetchesPerPoll"/> items a poll; past that the article takes the feed's new fields and keeps its body.
    /// </summary>
    private async Task<IReadOnlyList<Revision>> ReviseArticlesAsync(Source source, IReadOnlyList<(FeedEntry Entry, KnownEntry Before)> repeats,
        CancellationToken cancellationToken)
    {
        var revisions = new List<Revision>();
        var refetches = 0;
        var now = time.GetUtcNow();
        foreach (var (entry, before) in repeats)
        {
            var version = EntryVersion.Of(entry);
            if (before.Version is { } seen && !version.IsEditOf(seen)) continue;
            var stored = before.Version is not null && before.ArticleId == StableId.ForArticle(source.Id, entry.Guid)
                ? articles.FindById(before.ArticleId) : null;
            if (stored is null) // stored before schema 11 (what it said is noted, not taken as an edit), or another source's story
            {
                revisions.Add(new Revision(source.Id, entry.Guid, entry.Link, entry.Title, version, null, null));
                continue;
            }
            var fetchPage = refetches < MaxRefetchesPerPoll && !(now - before.RevisedAt < RefetchInterval);
            if (fetchPage) refetches++;
            var revised = await articleBuilder.ReviseAsync(source, entry, stored, fetchPage, cancellationToken);
            revisions.Add(new Revision(source.Id, entry.Guid, entry.Link, entry.Title, version, revised, fetchPage ? now : null));
            logger.LogInformation("The entry {Guid} of {SourceId} was edited; its article {ArticleId} is revised ({Status})",
                entry.Guid, source.Id, stored.Id, revised.Extraction);
        }
        return revisions;
    }

    /// <summary>
    /// An article per new entry. A story another source already brought (same canonical link) is not fetched again:
    /// this source is added to it. The others are fetched, extracted and sectioned.
    /// </summary>
    private async Task<IReadOnlyList<Article>> BuildArticlesAsync(Source source, IReadOnlyList<FeedEntry> entries, CancellationToken cancellationToken)
    {
        var storyUrls = entries.ToDictionary(e => e.Guid, e => CanonicalUrl.ForStory(null, e.Link)?.AbsoluteUri);
        var stored = articles.FindByCanonicalUrl(source.Id, storyUrls.Values.OfType<string>());
        var known = entries.Where(e => storyUrls[e.Guid] is { } url && stored.ContainsKey(url)).ToList();
        var fresh = entries.Where(e => storyUrls[e.Guid] is not { } url || !stored.ContainsKey(url)).ToList();
        return (await articleBuilder.BuildAsync(source, fresh, cancellationToken))
            .Concat(known.Select(e => articleBuilder.Relink(source, e, stored[storyUrls[e.Guid]!])))
            .ToList();
    }

    /// <summary>
    /// Entries this source has not stored yet, and those it has (with what is known of them); a feed repeating a guid
    /// counts it once, and a purged item is neither. A known guid now carried by an entry with another link and another
    /// title is a feed reusing its guid for a new item (a "daily digest" with a fixed guid): that entry is keyed by its
    /// link or hash instead, and is new if that is.
    /// </summary>
    private (IReadOnlyList<FeedEntry> New, IReadOnlyList<(FeedEntry, KnownEntry)> Repeats) SortEntries(Source source, IReadOnlyList<FeedEntry> entries)
    {
        var known = articles.FindKnownGuids(source.Id, entries.Select(e => e.Guid));
        var candidates = new List<FeedEntry>();
        var repeats = new List<(FeedEntry Entry, KnownEntry Before)>();
        var rekeyed = false;
        foreach (var entry in entries)
        {
            if (!known.TryGetValue(entry.Guid, out var before)) candidates.Add(entry);
            else if (IsAnotherItem(entry, before))
            {
                candidates.Add(entry with { Guid = EntryIds.Fallback(entry) });
                rekeyed = true;
            }
            else if (before.ArticleId is not null) repeats.Add((entry, before));
        }
        if (rekeyed) // the new keys may be known from an earlier poll
        {
            var stillKnown = articles.FindKnownGuids(source.Id, candidates.Select(e => e.Guid));
            candidates.RemoveAll(e => stillKnown.ContainsKey(e.Guid));
        }
        return (candidates.DistinctBy(e => e.Guid).ToList(), repeats.DistinctBy(r => r.Entry.Guid).ToList());
    }

    private static bool IsAnotherItem(FeedEntry entry, KnownEntry before) =>
        before.Url is not null && entry.Link is not null && before.Title is not null
        && CanonicalUrl.Of(before.Url) != CanonicalUrl.Of(entry.Link) && before.Title != entry.Title;

    private PollOutcome Fail(Source source, SourceState state, DateTimeOffset now, string error, DateTimeOffset? retryAt, PollRecord history)
    {
        var isNews = state.LastError != error;
        state.RecordFailure(now, error);
        var outcome = Finish(source, state, [], PollStatus.Failed, history, error: error, retryAt: retryAt);
        // Warn when a source starts failing or fails differently; repeats of the same error are not news.
        logger.Log(isNews ? LogLevel.Warning : LogLevel.Information,
            "Poll of {SourceId} ({Url}) failed ({Failures} in a row): {Error}; next try at {NextCheckAt}",
            source.Id, source.Url, state.ConsecutiveFailures, error, outcome.NextCheckAt is { } next ? ApiJson.Date(next) : null);
        return outcome;
    }

    /// <summary>
    /// The origin is waiting out a Retry-After another source's poll got: this source is not failing, it is due again
    /// when the origin may be asked. Its state is stored so that a restart keeps the deferral.
    /// </summary>
    private PollOutcome Defer(Source source, SourceState state, DateTimeOffset until, string reason, PollRecord history)
    {
        state.Defer(until);
        Store(new PollSave(source, state, [], [], history));
        logger.LogInformation("Poll of {SourceId} ({Url}) deferred: {Reason}", source.Id, source.Url, reason);
        return new PollOutcome(source.Id, PollStatus.Deferred, 0, reason) { NextCheckAt = state.NextCheckAt };
    }

    private PollOutcome Disable(Source source, SourceState state, DateTimeOffset now, string error, Attempt attempt, FetchResult fetch)
    {
        var reason = $"{error}: the feed was removed for good, so FeedHub stopped polling it; configure another Url to poll again";
        state.Disable(now, source.Url, reason);
        Store(new PollSave(source, state, [], [], History(attempt, source, PollResult.Gone, fetch, reason)));
        logger.LogError("Source {SourceId} ({Url}) is disabled: {Reason}", source.Id, source.Url, reason);
        return new PollOutcome(source.Id, PollStatus.Disabled, 0, reason);
    }

    private PollOutcome Finish(Source source, SourceState state, IReadOnlyList<Article> newArticles, PollStatus status, PollRecord history,
        string? error = null, TimeSpan? hint = null, DateTimeOffset? retryAt = null, IReadOnlyList<Revision>? revisions = null)
    {
        state.ScheduleNextCheck(time.GetUtcNow(), source.Interval, policy, hint, retryAt, Random.Shared.NextDouble());
        var (stored, linked, revised) = Store(new PollSave(source, state, newArticles, revisions ?? [], history));
        return new PollOutcome(source.Id, status, stored, error) { NextCheckAt = state.NextCheckAt, LinkedArticles = linked, RevisedArticles = revised };
    }

    /// <summary>The source's new state, its new articles, its edits and its history row together: one transaction per poll.</summary>
    /// <returns>New stories stored, entries linked to stories stored already, and articles revised.</returns>
    private (int Stored, int Linked, int Revised) Store(PollSave poll)
    {
        var saved = polls.Save(poll);
        var revised = poll.Revisions.Count(r => r.Article is not null);
        metrics.CountArticlesStored(saved.Stored);
        metrics.CountArticlesRevised(revised);
        if (saved.Added > 0 || saved.RevisedSections.Count > 0)
            feeds.Invalidate(poll.NewArticles.SelectMany(a => a.Sections).Select(s => s.Slug).Concat(saved.RevisedSections).Distinct());
        return (saved.Stored, saved.Linked, revised);
    }

    /// <summary>The result of a poll whose fetch failed this way.</summary>
    internal static PollResult ResultOf(FetchFailure failure) => failure switch
    {
        FetchFailure.HttpStatus => PollResult.HttpStatus,
        FetchFailure.Gone => PollResult.Gone,
        FetchFailure.RateLimited => PollResult.RateLimited,
        FetchFailure.Deferred => PollResult.Deferred,
        FetchFailure.TimedOut => PollResult.TimedOut,
        FetchFailure.TooLarge => PollResult.TooLarge,
        FetchFailure.TooManyRedirects => PollResult.TooManyRedirects,
        FetchFailure.BlockedAddress => PollResult.BlockedAddress,
        FetchFailure.NetworkError => PollResult.NetworkError,
        FetchFailure.BrokenResponse => PollResult.BrokenResponse,
        FetchFailure.RefusedByRobotsTxt => PollResult.RefusedByRobotsTxt,
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "a fetch failure with no poll result"),
    };

    private static TimeSpan? Longest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
