using System.Diagnostics.Metrics;
using FeedHub.Core.Metrics;
using FeedHub.Http;
using Prometheus;

namespace FeedHub.Tests.Http;

/// <summary>The Prometheus bridge names each label after the measurement's tag key, for any instrument of FeedHub's meter.</summary>
public sealed class MetricsBridgeTests
{
    [Fact]
    public async Task Labels_are_the_tag_keys_of_the_measurement()
    {
        var name = "bridge_test_" + Guid.NewGuid().ToString("N")[..8];
        using var bridge = new MetricsBridge();
        using var meter = new Meter(PipelineMetrics.MeterName);
        var counter = meter.CreateCounter<long>(name, description: "A counter only this test measures");

        counter.Add(1, new KeyValuePair<string, object?>("kind", "first"), new KeyValuePair<string, object?>("outcome", "ok"));

        using var exported = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(exported);
        var text = System.Text.Encoding.UTF8.GetString(exported.ToArray());
        Assert.Contains($"feedhub_{name}_total{{kind=\"first\",outcome=\"ok\"}}", text);
    }
}
