namespace FeedHub.Core.Processing;

public enum PollStatus
{
    /// <summary>The feed was fetched and parsed; <see cref="PollOutcome.NewArticles"/> were stored, <see cref="PollOutcome.LinkedArticles"/> linked.</summary>
    Updated,
    /// <summary>The server answered 304: nothing changed.</summary>
    NotModified,
    /// <summary>The fetch or the parse failed; <see cref="PollOutcome.Error"/> says why. The source is retried with backoff.</summary>
    Failed,
    /// <summary>
    /// Not fetched: the source's origin asked (answering another request) to be left alone for a while. The source is due
    /// again then; its failures and last error are unchanged. <see cref="PollOutcome.Error"/> says until when.
    /// </summary>
    Deferred,
    /// <summary>The source is disabled (410 Gone); <see cref="PollOutcome.Error"/> says why. It is not polled again.</summary>
    Disabled,
}

/// <summary>What one poll of one source did, and when the source is due again (null: never, it is disabled).</summary>
public sealed record PollOutcome(string SourceId, PollStatus Status, int NewArticles, string? Error = null)
{
    public DateTimeOffset? NextCheckAt { get; init; }

    /// <summary>
    /// Entries whose story was stored already (another source brought it, or the same canonical page): the source was
    /// added to that article, and nothing new was stored. Not counted in <see cref="PollOutcome.NewArticles"/>.
    /// </summary>
    public int LinkedArticles { get; init; }

    /// <summary>Stored articles that took an edit of their entry (a new title, summary, content or a later updated date).</summary>
    public int RevisedArticles { get; init; }
}
