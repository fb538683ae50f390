using System.Diagnostics.Metrics;
using System.Globalization;
using FeedHub.Core.Model;

namespace FeedHub.Core.Metrics;

/// <summary>
/// FeedHub's own measurements, as System.Diagnostics.Metrics instruments (no exporter dependency in
/// the pipeline). `feedhub serve` publishes them at /metrics in Prometheus format.
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "FeedHub";

    private readonly Meter meter = new(MeterName);

    private readonly Counter<long> polls;
    private readonly Counter<long> fetchedBytes;
    private readonly Histogram<double> pollDuration;
    private readonly Histogram<double> extractionDuration;
    private readonly Counter<long> articlesStored;
    private readonly Counter<long> articlesRevised;
    private readonly Counter<long> extractionFallbacks;
    private readonly Counter<long> feedRequests;
    private readonly Counter<long> feedRenders;

    public PipelineMetrics()
    {
        polls = meter.CreateCounter<long>("polls", description: "Polls of sources, by result");
        fetchedBytes = meter.CreateCounter<long>("fetched", unit: "bytes", description: "Bytes of feeds and pages fetched (after decompression)");
        pollDuration = meter.CreateHistogram<double>("poll_duration", unit: "s", description: "Time one poll takes, page fetches included");
        extractionDuration = meter.CreateHistogram<double>("extraction_duration", unit: "s", description: "Time extracting one page takes");
        articlesStored = meter.CreateCounter<long>("articles_stored", description: "New articles stored");
        articlesRevised = meter.CreateCounter<long>("articles_revised", description: "Stored articles revised after their entry was edited");
        extractionFallbacks = meter.CreateCounter<long>("extraction_fallbacks", description: "Articles stored with the feed's own content, by reason");
        feedRequests = meter.CreateCounter<long>("feed_requests", description: "Requests for published feeds, by format and status (200, 304, ...)");
        feedRenders = meter.CreateCounter<long>("feed_renders", description: "Feeds rendered because the cached one was missing or stale");
    }

    /// <summary>The fallback counter, for tests that listen to it (measurements are made through <see cref="CountExtractionFallback"/>).</summary>
    internal Instrument ExtractionFallbacks => extractionFallbacks;

    /// <summary>The poll counter, for tests that listen to it (measurements are made through <see cref="RecordPoll"/>).</summary>
    internal Instrument Polls => polls;

    /// <summary>One poll: feedhub_polls_total{result} and feedhub_poll_duration_seconds.</summary>
    /// <param name="result">What the poll came to; its <see cref="PollResults.Label"/> is the result label.</param>
    /// <param name="duration">The poll's whole time, page fetches included.</param>
    public void RecordPoll(PollResult result, TimeSpan duration)
    {
        polls.Add(1, new KeyValuePair<string, object?>(PollResultTag, result.Label()));
        pollDuration.Record(duration.TotalSeconds);
    }

    /// <summary>A feed's or a page's body fetched, in bytes after decompression.</summary>
    public void CountFetchedBytes(long bytes) => fetchedBytes.Add(bytes);

    /// <summary>One page's extraction, over its budget or not.</summary>
    public void RecordExtractionDuration(TimeSpan duration) => extractionDuration.Record(duration.TotalSeconds);

    public void CountArticlesStored(int count)
    {
        if (count > 0) articlesStored.Add(count);
    }

    public void CountArticlesRevised(int count)
    {
        if (count > 0) articlesRevised.Add(count);
    }

    /// <summary>An article stored with the feed's own content: feedhub_extraction_fallbacks_total{reason}.</summary>
    public void CountExtractionFallback(PageFallback? why) =>
        extractionFallbacks.Add(1, new KeyValuePair<string, object?>(FallbackReasonTag, FallbackLabel(why)));

    /// <summary>A request for a published feed: feedhub_feed_requests_total{format, status}.</summary>
    /// <param name="format">The format's extension (rss, atom, json), or null for a format FeedHub does not publish.</param>
    /// <param name="statusCode">The response's HTTP status (304s show how much conditional requests save).</param>
    public void CountFeedRequest(string? format, int statusCode) =>
        feedRequests.Add(1, new KeyValuePair<string, object?>(FeedFormatTag, format ?? "unknown"),
            new KeyValuePair<string, object?>(FeedStatusTag, statusCode.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A feed rendered because the cached one was missing or stale.</summary>
    public void CountFeedRender() => feedRenders.Add(1);

    /// <summary>The tag keys measurements carry; exporters name their labels after them.</summary>
    public const string PollResultTag = "result";
    public const string FallbackReasonTag = "reason";
    public const string FeedFormatTag = "format";
    public const string FeedStatusTag = "status";

    /// <summary>"too_little_text", "too_slow" and the like: the reason label of the fallback counter.</summary>
    public static string FallbackLabel(PageFallback? why) => why switch
    {
        PageFallback.NotFetched => "not_fetched",
        PageFallback.TooLittleText => "too_little_text",
        PageFallback.TooComplex => "too_complex",
        PageFallback.TooSlow => "too_slow",
        PageFallback.RefusedByRobotsTxt => "robots_txt",
        _ => "",
    };

    /// <summary>Configured, enabled sources whose last poll failed (and so wait out a backoff); read when /metrics is scraped.</summary>
    public void ObserveSourcesInBackoff(Func<long> count) =>
        meter.CreateObservableGauge("sources_in_backoff", count, description: "Sources whose last poll failed and wait out a backoff");

    /// <summary>The published-feed cache's size (feeds, and bytes of every representation kept); read when /metrics is scraped.</summary>
    public void ObserveFeedCache(Func<long> entries, Func<long> bytes)
    {
        meter.CreateObservableGauge("feed_cache_entries", entries, description: "Rendered feeds kept in the cache");
        meter.CreateObservableGauge("feed_cache_bytes", bytes, unit: "bytes", description: "Bytes of rendered feeds kept, every encoding counted");
    }

    public void Dispose() => meter.Dispose();
}
