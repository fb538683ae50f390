namespace FeedHub.Core.Model;

/// <summary>The bounds of <see cref="SourceState.ScheduleNextCheck"/>, from the Polling settings.</summary>
public sealed record SchedulePolicy(TimeSpan MaxHintedInterval, TimeSpan MaxBackoff)
{
    /// <summary>A permanent redirect moves a source only once it has been seen on this many polls in a row.</summary>
    public const int RedirectsToMove = 3;
}

/// <summary>
/// What FeedHub remembers about a source between polls: cache validators, when it was checked,
/// what went wrong, when it is due again, where it moved, and whether it was disabled.
/// The policy (what a success or a failure changes) lives here so it is testable without I/O.
/// </summary>
public sealed class SourceState
{
    public required string SourceId { get; init; }
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTimeOffset? LastFetchAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset? NextCheckAt { get; set; }
    public int ConsecutiveFailures { get; set; }

    /// <summary>The URL FeedHub polls instead of <see cref="MovedFrom"/>, after repeated permanent redirects.</summary>
    public Uri? MovedTo { get; set; }
    public Uri? MovedFrom { get; set; }
    public Uri? RedirectCandidate { get; set; }
    public int RedirectCount { get; set; }

    /// <summary>Why polling stopped (410 Gone); it applies while the configured URL is still <see cref="DisabledUrl"/>.</summary>
    public string? DisabledReason { get; set; }
    public Uri? DisabledUrl { get; set; }

    /// <summary>The format of the feed at the last successful poll (rss20, atom10, json11, ...).</summary>
    public string? FeedFormat { get; set; }

    /// <summary>What was wrong with a feed that was still read, at the last successful poll (not well-formed XML, ...).</summary>
    public string? FeedWarning { get; set; }

    public static SourceState New(string sourceId) => new() { SourceId = sourceId };

    /// <summary>What the last document turned out to be: its format, and why it had to be read leniently, if it had.</summary>
    public void RecordFeed(string format, string? illFormed)
    {
        FeedFormat = format;
        FeedWarning = illFormed is null ? null : "read leniently, as the document is " + illFormed;
    }

    /// <summary>The URL to poll: the configured one, unless the feed has permanently moved away from it.</summary>
    public Uri UrlToPoll(Uri configured) => MovedTo is not null && MovedFrom == configured ? MovedTo : configured;

    /// <summary>Whether the source stays unpolled; an operator re-enables it by configuring another URL.</summary>
    public bool IsDisabledFor(Uri configured) => DisabledReason is not null && DisabledUrl == configured;

    public void RecordSuccess(DateTimeOffset now, string? etag, string? lastModified)
    {
        RecordNotModified(now);
        DisabledReason = null; // a forced poll that got the feed brings a stopped source back
        DisabledUrl = null;
        ETag = etag;
        LastModified = lastModified;
    }

    /// <summary>A 304: the feed is unchanged, so only the check itself is recorded.</summary>
    public void RecordNotModified(DateTimeOffset now)
    {
        LastFetchAt = now;
        LastSuccessAt = now;
        LastError = null;
        ConsecutiveFailures = 0;
    }

    public void RecordFailure(DateTimeOffset now, string error)
    {
        LastFetchAt = now;
        LastError = error;
        LastErrorAt = now;
        ConsecutiveFailures++;
    }

    /// <summary>
    /// The fetch was not sent because the origin asked (in answer to another request) to be left alone until
    /// <paramref name="until"/>. Nothing was learnt about this source, so its failures, last error and backoff stay
    /// as they were (issue 17 item 14); it is only due again once the origin may be asked, and never earlier than it
    /// already was (a forced refresh of a source in backoff must not shorten its backoff).
    /// </summary>
    public void Defer(DateTimeOffset until) =>
        NextCheckAt = NextCheckAt is { } due && due > until ? due : until;

    /// <summary>410 Gone: stop polling this URL, and say why where operators look.</summary>
    public void Disable(DateTimeOffset now, Uri configured, string reason)
    {
        RecordFailure(now, reason);
        DisabledReason = reason;
        DisabledUrl = configured;
        NextCheckAt = null;
    }

    /// <summary>
    /// Notes where this poll's permanent redirects led (null: none, or a temporary one).
    /// The source moves only after the same target was seen on <see cref="SchedulePolicy.RedirectsToMove"/>
    /// polls in a row, so one hijacked or mistaken response can't move a feed.
    /// </summary>
    /// <returns>True when this observation moved the source.</returns>
    public bool ObserveRedirect(Uri configured, Uri? movedPermanentlyTo)
    {
        if (movedPermanentlyTo is null || movedPermanentlyTo == UrlToPoll(configured))
        {
            RedirectCandidate = null;
            RedirectCount = 0;
            return false;
        }
        RedirectCount = movedPermanentlyTo == RedirectCandidate ? RedirectCount + 1 : 1;
        RedirectCandidate = movedPermanentlyTo;
        if (RedirectCount < SchedulePolicy.RedirectsToMove) return false;
        MovedTo = movedPermanentlyTo;
        MovedFrom = configured;
        RedirectCandidate = null;
        RedirectCount = 0;
        return true;
    }

    /// <summary>
    /// When to poll next. After a success: the configured interval, lengthened (never shortened)
    /// by the feed's own hint, up to the policy's bound. After failures: exponential backoff from
    /// the interval, with jitter, up to the cap (or the interval, if that is longer), so a failing
    /// source keeps being re-probed. A host's Retry-After is always respected.
    /// </summary>
    /// <param name="jitter">A number in [0, 1) that spreads retries of sources that failed together.</param>
    public void ScheduleNextCheck(DateTimeOffset now, TimeSpan interval, SchedulePolicy policy,
        TimeSpan? hint = null, DateTimeOffset? retryAt = null, double jitter = 0.5)
    {
        TimeSpan delay;
        if (ConsecutiveFailures == 0)
        {
            var hinted = hint is { } h ? TimeSpan.FromTicks(Math.Min(h.Ticks, policy.MaxHintedInterval.Ticks)) : TimeSpan.Zero;
            delay = hinted > interval ? hinted : interval;
        }
        else
        {
            var cap = policy.MaxBackoff > interval ? policy.MaxBackoff : interval;
            var exponent = Math.Min(ConsecutiveFailures - 1, 30);
            var backoff = interval.Ticks * Math.Pow(2, exponent) * (0.9 + 0.2 * jitter);
            delay = TimeSpan.FromTicks((long)Math.Min(backoff, cap.Ticks));
        }
        var next = now + delay;
        NextCheckAt = retryAt is { } after && after > next ? after : next;
    }
}
