namespace FeedHub.Core.Model;

/// <summary>
/// What one poll came to, finer than the poll's status: the result label of feedhub_polls_total and the outcome
/// column of the poll history (source_polls). Its text is <see cref="PollResults.Label"/>, written where it is stored or
/// sent and read back with <see cref="PollResults.Parse"/>.
/// </summary>
public enum PollResult
{
    /// <summary>The feed (or the page source's page) was fetched and read.</summary>
    Ok,
    /// <summary>The server answered 304.</summary>
    NotModified,
    /// <summary>The body was no feed FeedHub reads.</summary>
    NotAFeed,
    /// <summary>A page source's page listed no articles.</summary>
    NotAListing,
    /// <summary>An HTTP error status other than the ones below.</summary>
    HttpStatus,
    /// <summary>410: the source is disabled.</summary>
    Gone,
    RateLimited,
    /// <summary>Not fetched: the origin is inside a Retry-After another request got; not a failure.</summary>
    Deferred,
    TimedOut,
    TooLarge,
    TooManyRedirects,
    BlockedAddress,
    NetworkError,
    BrokenResponse,
    RefusedByRobotsTxt,
    /// <summary>Not fetched: the source is disabled (in the config, or stopped by 410).</summary>
    Disabled,
    /// <summary>
    /// Read back only, never written: a stored text that is no result of this version (a newer worker's in a cluster
    /// being upgraded, or a script's). The record keeps the text as stored.
    /// </summary>
    Unrecognized,
}

/// <summary>The text of each <see cref="PollResult"/>, fixed here: metrics, the stored history and scripts all read it.</summary>
public static class PollResults
{
    private static readonly Dictionary<PollResult, string> Labels = new()
    {
        [PollResult.Ok] = "ok",
        [PollResult.NotModified] = "not_modified",
        [PollResult.NotAFeed] = "not_a_feed",
        [PollResult.NotAListing] = "not_a_listing",
        [PollResult.HttpStatus] = "http_status",
        [PollResult.Gone] = "gone",
        [PollResult.RateLimited] = "rate_limited",
        [PollResult.Deferred] = "deferred",
        [PollResult.TimedOut] = "timed_out",
        [PollResult.TooLarge] = "too_large",
        [PollResult.TooManyRedirects] = "too_many_redirects",
        [PollResult.BlockedAddress] = "blocked_address",
        [PollResult.NetworkError] = "network_error",
        [PollResult.BrokenResponse] = "broken_response",
        [PollResult.RefusedByRobotsTxt] = "refused_by_robots_txt",
        [PollResult.Disabled] = "disabled",
    };

    private static readonly Dictionary<string, PollResult> ByLabel = Labels.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>"ok", "not_modified", "timed_out" and the like.</summary>
    public static string Label(this PollResult result) =>
        Labels.TryGetValue(result, out var label) ? label : throw new ArgumentOutOfRangeException(nameof(result), result, "not a poll result");

    /// <summary>The result a stored label stands for, or <see cref="PollResult.Unrecognized"/> for any other text.</summary>
    public static PollResult Read(string label) => ByLabel.GetValueOrDefault(label, PollResult.Unrecognized);

    /// <summary>The result a stored or sent label stands for.</summary>
    /// <exception cref="FormatException">The text is no poll result's label (the message names it).</exception>
    public static PollResult Parse(string label) => ByLabel.TryGetValue(label, out var result)
        ? result
        : throw new FormatException($"'{label}' is not a poll outcome; expected one of {string.Join(", ", Labels.Values)}");
}
