namespace FeedHub.Core.Processing;

public enum PollStatus
{
    /// <summary>The feed was fetched and parsed; <see cref="PollOutcome.NewArticles"/> were stored.</summary>
    Updated,
    /// <summary>The server answered 304: nothing changed.</summary>
    NotModified,
    /// <summary>The fetch or the parse failed; <see cref="PollOutcome.Error"/> says why.</summary>
    Failed,
}

/// <summary>What one poll of one source did.</summary>
public sealed record PollOutcome(string SourceId, PollStatus Status, int NewArticles, string? Error = null);
