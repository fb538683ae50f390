using System.Diagnostics.Metrics;
using FeedHub.Core.Metrics;
using FeedHub.Core.Model;

namespace FeedHub.Tests.Metrics;

/// <summary>Measurements are made through PipelineMetrics' typed methods, which give each instrument its tag keys and label values.</summary>
public sealed class PipelineMetricsTests : IDisposable
{
    private readonly PipelineMetrics metrics = new();
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, string Tags)> measured = [];

    public PipelineMetricsTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this instance's meter: other tests' pipelines measure on meters of the same name at the same time.
            if (instrument.Meter == metrics.Polls.Meter) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        lock (measured) measured.Add((instrument.Name, value, text));
    }

    [Fact]
    public void Each_method_measures_its_instrument_with_its_tag_keys()
    {
        metrics.RecordPoll(PollResult.NotModified, TimeSpan.FromMilliseconds(250));
        metrics.CountExtractionFallback(PageFallback.RefusedByRobotsTxt);
        metrics.CountExtractionFallback(PageFallback.TooSlow);
        metrics.CountFeedRequest("atom", 304);
        metrics.CountFeedRequest(null, 404);
        metrics.CountArticlesStored(0); // nothing stored: no measurement
        metrics.CountArticlesStored(3);

        Assert.Equal(
        [
            ("polls", 1, "result=not_modified"),
            ("poll_duration", 0.25, ""),
            ("extraction_fallbacks", 1, "reason=robots_txt"),
            ("extraction_fallbacks", 1, "reason=too_slow"),
            ("feed_requests", 1, "format=atom,status=304"),
            ("feed_requests", 1, "format=unknown,status=404"),
            ("articles_stored", 3, ""),
        ], measured);
    }

    [Fact]
    public void Every_fallback_has_a_label_of_its_own()
    {
        var labels = Enum.GetValues<PageFallback>().Select(f => PipelineMetrics.FallbackLabel(f)).ToList();

        Assert.DoesNotContain("", labels);
        Assert.Equal(labels.Count, labels.Distinct().Count());
    }

    public void Dispose()
    {
        listener.Dispose();
        metrics.Dispose();
    }
}
