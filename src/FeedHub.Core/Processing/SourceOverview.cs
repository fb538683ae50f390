using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Processing;

/// <summary>What each configured source is doing: the shape `feedhub status`, the operator page and GET /api/sources share.</summary>
public sealed record SourceOverview(
    string Id,
    string Name,
    string Url,
    string UrlPolled,
    bool Enabled,
    IReadOnlyList<string> Sections,
    TimeSpan Interval,
    SourceHealth Status,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFetchAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? NextCheckAt,
    int ConsecutiveFailures,
    long ArticleCount,
    string? DisabledReason,
    string? FeedFormat,
    string? FeedWarning)
{
    /// <summary>Every configured source, in config order, with its stored state and article count.</summary>
    public static IReadOnlyList<SourceOverview> For(FeedHubConfiguration configuration, SourceStore sources, ArticleStore articles)
    {
        var states = sources.FindAllStates();
        var counts = articles.CountBySource();
        return configuration.Catalog.Sources.Select(options =>
        {
            var source = configuration.ToSource(options);
            var state = states.GetValueOrDefault(source.Id);
            return new SourceOverview(source.Id, source.Name, source.Url.AbsoluteUri, (state?.UrlToPoll(source.Url) ?? source.Url).AbsoluteUri,
                options.Enabled, source.Sections, source.Interval, StatusOf(options, source, state), state?.LastSuccessAt, state?.LastFetchAt,
                state?.LastError, state?.LastErrorAt, state?.NextCheckAt, state?.ConsecutiveFailures ?? 0, counts.GetValueOrDefault(source.Id),
                state?.IsDisabledFor(source.Url) == true ? state.DisabledReason : null, state?.FeedFormat, state?.FeedWarning);
        }).ToList();
    }

    /// <summary>
    /// What feedhub_sources_in_backoff counts: configured, enabled sources whose last poll failed, so they wait out a backoff.
    /// A source disabled in the config or stopped by 410 is not polled, and a removed source's row stays in the store (its
    /// articles keep pointing at it), so none of those waits for anything (issue 17 item 9). Read at each scrape.
    /// </summary>
    public static long CountInBackoff(FeedHubConfiguration configuration, SourceStore sources)
    {
        var states = sources.FindAllStates();
        return configuration.EnabledSources().LongCount(source =>
            states.GetValueOrDefault(source.Id) is { ConsecutiveFailures: > 0 } state && !state.IsDisabledFor(source.Url));
    }

    /// <summary>"ok", "failing", "stopped" (410 Gone), "disabled" (in the config) or "new" (not polled yet): <see cref="Status"/>
    /// as `feedhub status`, GET /api/sources and the operator pages write it.</summary>
    public string StatusText => TextOf(Status);

    public static string TextOf(SourceHealth status) => status switch
    {
        SourceHealth.Ok => "ok",
        SourceHealth.Failing => "failing",
        SourceHealth.Stopped => "stopped",
        SourceHealth.Disabled => "disabled",
        SourceHealth.New => "new",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a source status"),
    };

    /// <summary>A status as <see cref="TextOf"/> writes it, read back (a filter's query value); null for any other text.</summary>
    public static SourceHealth? ParseStatus(string? text)
    {
        foreach (var status in Enum.GetValues<SourceHealth>())
            if (TextOf(status) == text) return status;
        return null;
    }

    private static SourceHealth StatusOf(SourceOptions options, Source source, SourceState? state) => state switch
    {
        _ when !options.Enabled => SourceHealth.Disabled,
        { } s when s.IsDisabledFor(source.Url) => SourceHealth.Stopped,
        null or { LastFetchAt: null } => SourceHealth.New, // a deferred first poll stores a row but fetched nothing
        { ConsecutiveFailures: > 0 } => SourceHealth.Failing,
        _ => SourceHealth.Ok,
    };
}
