using System.Diagnostics.Metrics;

namespace FeedHub.Core.Metrics;

/// <summary>
/// FeedHub's own measurements, as System.Diagnostics.Metrics instruments (no exporter dependency in
/// the pipeline). `feedhub serve` publishes them at /metrics in Prometheus format.
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "FeedHub";

    private readonly Meter meter = new(MeterName);

    public PipelineMetrics()
    {
        Polls = meter.CreateCounter<long>("polls", description: "Polls of sources, by result");
        FetchedBytes = meter.CreateCounter<long>("fetched", unit: "bytes", description: "Bytes of feeds and pages fetched (after decompression)");
        PollDuration = meter.CreateHistogram<double>("poll_duration", unit: "s", description: "Time one poll takes, page fetches included");
        ExtractionDuration = meter.CreateHistogram<double>("extraction_duration", unit: "s", description: "Time extracting one page takes");
        ArticlesStored = meter.CreateCounter<long>("articles_stored", description: "New articles stored");
        ArticlesRevised = meter.CreateCounter<long>("articles_revised", description: "Stored articles revised after their entry was edited");
        ExtractionFallbacks = meter.CreateCounter<long>("extraction_fallbacks", description: "Articles stored with the feed's own content, by reason");
        FeedRequests = meter.CreateCounter<long>("feed_requests", description: "Requests for published feeds, by format and status (200, 304, ...)");
        FeedRenders = meter.CreateCounter<long>("feed_renders", description: "Feeds rendered because the cached one was missing or stale");
    }

    public Counter<long> Polls { get; }
    public Counter<long> FetchedBytes { get; }
    public Histogram<double> PollDuration { get; }
    public Histogram<double> ExtractionDuration { get; }
    public Counter<long> ArticlesStored { get; }
    public Counter<long> ArticlesRevised { get; }
    public Counter<long> ExtractionFallbacks { get; }
    public Counter<long> FeedRequests { get; }
    public Counter<long> FeedRenders { get; }

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
