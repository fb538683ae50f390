namespace FeedHub.Core.Processing;

/// <summary>What a configured source is doing, as <see cref="SourceOverview.Status"/>; written as its lower-case name.</summary>
public enum SourceHealth
{
    /// <summary>Its last poll succeeded.</summary>
    Ok,
    /// <summary>Its last poll failed; it waits out a backoff.</summary>
    Failing,
    /// <summary>Its feed answered 410 Gone: not polled again unless forced or its URL changes.</summary>
    Stopped,
    /// <summary>Enabled: false in the config.</summary>
    Disabled,
    /// <summary>Not fetched yet.</summary>
    New,
}
