using System.Text.Json.Nodes;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>feedhub_sources_in_backoff counts the sources in force, not every row of the store (issue 17 item 9).</summary>
public sealed class SourcesInBackoffTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public void Only_configured_enabled_sources_that_failed_are_in_backoff()
    {
        var path = TestConfig.Write(dir, Feed("failing"), Feed("fine"), Feed("stopped"), Feed("off"));
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        document["Sources"]![3]!["Enabled"] = false; // "off" is disabled in the config
        File.WriteAllText(path, document.ToJsonString());
        var configuration = FeedHubConfiguration.Load(path);
        using var services = TestConfig.Services(configuration);
        var database = services.GetRequiredService<Database>();
        database.Migrate();
        var now = DateTimeOffset.UtcNow;
        var failing = SourceState.New("failing");
        failing.RecordFailure(now, "HTTP 500 Internal Server Error");
        var fine = SourceState.New("fine");
        fine.RecordSuccess(now, null, null);
        var stopped = SourceState.New("stopped");
        stopped.Disable(now, Feed("stopped").Url, "HTTP 410 Gone: the feed was removed for good");
        var off = SourceState.New("off");
        off.RecordFailure(now, "HTTP 502 Bad Gateway");
        var removed = SourceState.New("removed"); // a row left by a source no longer in the config
        removed.RecordFailure(now, "HTTP 404 Not Found");
        database.InTransaction(transaction =>
        {
            foreach (var state in new[] { failing, fine, stopped, off, removed })
                SourceStore.Save(transaction, new Source(state.SourceId, Feed(state.SourceId).Url, state.SourceId, [TestConfig.Section], TimeSpan.FromMinutes(5), true), state);
        });

        var inBackoff = SourceOverview.CountInBackoff(configuration, services.GetRequiredService<SourceStore>());

        Assert.Equal(1, inBackoff);
    }

    private static (string Id, Uri Url, string Interval) Feed(string id) => (id, new Uri($"http://127.0.0.1:9/{id}.xml"), "00:05:00");

    public void Dispose() => dir.Dispose();
}
