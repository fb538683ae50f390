using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FeedHub.Core.Metrics;
using FeedHub.Core.Processing;
using Prometheus;

namespace FeedHub.Http;

/// <summary>
/// Publishes FeedHub's meter (System.Diagnostics.Metrics, see <see cref="PipelineMetrics"/>) as prometheus-net
/// metrics. prometheus-net 8.2.1's own meter adapter misses FeedHub's measurements until it has seen the meter (its
/// counters came late or not at all), so FeedHub listens to its meter itself, forwards each measurement, and keeps the
/// adapter off its meter.
/// Counters become feedhub_NAME_total, histograms feedhub_NAME_UNIT, gauges feedhub_NAME.
/// </summary>
internal sealed class MetricsBridge : IDisposable
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, Func<string[], string[], Action<double>>> sinks = new();

    public MetricsBridge()
    {
        // prometheus-net's own meter adapter exports every meter of the process, FeedHub's too once it has measured
        // something (feedhub_articles_stored beside this bridge's feedhub_articles_stored_total): it keeps the .NET and
        // ASP.NET Core meters, and FeedHub's is this bridge's alone, so that each measurement has one name.
        Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = instrument => instrument.Meter.Name != PipelineMetrics.MeterName);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name != PipelineMetrics.MeterName) return;
            sinks[instrument] = CreateSink(instrument);
            l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Forward(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Forward(instrument, value, tags));
        listener.Start();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(listener.RecordObservableInstruments); // gauges are read at scrape time
    }

    private void Forward(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!sinks.TryGetValue(instrument, out var sink)) return;
        var names = new string[tags.Length];
        var labels = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key;
            labels[i] = tags[i].Value?.ToString() ?? "";
        }
        sink(names, labels)(value);
    }

    /// <summary>
    /// A function from label names and values to the observe/increment action. The label names are the measurement's tag
    /// keys (<see cref="PipelineMetrics"/> records each instrument with the same keys in the same order), taken from the
    /// first measurement: Prometheus keeps one set of label names per metric, so the number of keys tells them apart,
    /// and a measurement costs no key string.
    /// </summary>
    private static Func<string[], string[], Action<double>> CreateSink(Instrument instrument)
    {
        var name = "feedhub_" + instrument.Name;
        var help = instrument.Description ?? instrument.Name;
        var byLabels = new ConcurrentDictionary<int, object>();
        return (names, labels) =>
        {
            var metric = byLabels.GetOrAdd(names.Length, _ => instrument switch
            {
                Histogram<double> => Metrics.CreateHistogram(name + "_" + (instrument.Unit == "s" ? "seconds" : instrument.Unit), help,
                    new HistogramConfiguration { LabelNames = names, Buckets = DurationBuckets }),
                ObservableGauge<long> => Metrics.CreateGauge(name, help, names),
                _ => Metrics.CreateCounter(name + (instrument.Unit == "bytes" ? "_bytes" : "") + "_total", help, names),
            });
            return metric switch
            {
                Histogram histogram => labels.Length == 0 ? histogram.Observe : histogram.WithLabels(labels).Observe,
                Gauge gauge => labels.Length == 0 ? gauge.Set : gauge.WithLabels(labels).Set,
                Counter counter => labels.Length == 0 ? counter.Inc : counter.WithLabels(labels).Inc,
                _ => static _ => { }
                ,
            };
        };
    }

    public void Dispose() => listener.Dispose();
}
