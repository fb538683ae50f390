using FeedHub.Core.Configuration;
using FeedHub.Core.Fetching;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Storage;

/// <summary>The poll history (schema 14, source_polls): what the poller records of each poll, and its bound per source.</summary>
public sealed class PollHistoryTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private FeedHubConfiguration configuration = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        configuration = FeedHubConfiguration.Load(TestConfig.Write(dir, ("s1", server.Url("feed.xml"), "00:05:00")));
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
    }

    private PollHistory History => services.GetRequiredService<PollHistory>();

    [Fact]
    public async Task Each_poll_is_recorded_with_its_status_bytes_duration_new_articles_and_error()
    {
        var feed = Feeds.Rss(new Feeds.Item("g1", "A story", server.Url("missing.html")));
        server.Serve("feed.xml", new LoopbackServer.Response(200, feed, "application/rss+xml", ETag: "\"v1\""));
        var poller = services.GetRequiredService<SourcePoller>();
        var source = configuration.EnabledSources()[0];

        await poller.PollAsync(source, CancellationToken.None);
        await poller.PollAsync(source, CancellationToken.None); // 304
        server.Serve("feed.xml", new LoopbackServer.Response(500, "down", "text/plain"));
        await poller.PollAsync(source, CancellationToken.None);

        var polls = History.FindRecent("s1", 10);
        Assert.Equal([PollResult.HttpStatus, PollResult.NotModified, PollResult.Ok], polls.Select(p => p.Outcome));
        var (failed, unchanged, first) = (polls[0], polls[1], polls[2]);
        Assert.Equal((200, feed.Length, 1, null), (first.HttpStatus, first.Bytes, first.NewArticles, first.Error));
        Assert.Equal((304, (long?)null, 0), (unchanged.HttpStatus, unchanged.Bytes, unchanged.NewArticles));
        Assert.Equal((500, "HTTP 500 Internal Server Error"), (failed.HttpStatus, failed.Error));
        Assert.True(first.Duration > TimeSpan.Zero);
        Assert.True(first.PolledAt <= failed.PolledAt);
    }

    [Fact]
    public void A_source_keeps_only_its_newest_polls()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < PollHistory.KeptPerSource + 5; i++)
            History.Record(new PollRecord("s1", start.AddMinutes(i), PollResult.Ok, 200, 10, TimeSpan.FromMilliseconds(5), i, null));
        History.Record(new PollRecord("other", start, PollResult.Ok, 200, 10, TimeSpan.FromMilliseconds(5), 0, null));

        var kept = History.FindRecent("s1", 1000);

        Assert.Equal(PollHistory.KeptPerSource, kept.Count);
        Assert.Equal(PollHistory.KeptPerSource + 4, kept[0].NewArticles); // the newest
        Assert.Equal(5, kept[^1].NewArticles); // the five oldest went
        Assert.Single(History.FindRecent("other", 10)); // other sources keep theirs
    }

    /// <summary>
    /// The outcome texts scripts, dashboards and stored rows depend on (README: Metrics, source_polls): renaming an
    /// enum member must not change them, and a result added without a text fails here.
    /// </summary>
    [Fact]
    public void Each_poll_result_keeps_its_published_text()
    {
        string[] published =
        [
            "ok", "not_modified", "not_a_feed", "not_a_listing", "http_status", "gone", "rate_limited", "deferred", "timed_out",
            "too_large", "too_many_redirects", "blocked_address", "network_error", "broken_response", "refused_by_robots_txt", "disabled",
        ];

        Assert.Equal(published.Order(), Enum.GetValues<PollResult>().Where(r => r != PollResult.Unrecognized).Select(r => r.Label()).Order());
        Assert.Equal("timed_out", PollResult.TimedOut.Label());
        Assert.Equal("not_a_listing", PollResult.NotAListing.Label());
        // A failed fetch's result reads as its kind in snake_case, as the labels did before they were typed.
        foreach (var kind in Enum.GetValues<FetchFailure>())
            Assert.Equal(SnakeCase(kind.ToString()), SourcePoller.ResultOf(kind).Label());
    }

    [Fact]
    public void Every_poll_result_is_stored_as_its_text_and_read_back_as_itself()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var results = Enum.GetValues<PollResult>().Where(r => r != PollResult.Unrecognized).ToArray();
        foreach (var result in results)
            History.Record(new PollRecord("s1", at, result, 200, 10, TimeSpan.FromMilliseconds(5), 0, null));

        var read = History.FindRecent("s1", 100);
        using var connection = services.GetRequiredService<Database>().Open();
        using var command = connection.Command("SELECT outcome FROM source_polls ORDER BY id");
        using var reader = command.ExecuteReader();
        var stored = new List<string>();
        while (reader.Read()) stored.Add(reader.GetString(0));

        Assert.Equal(results, read.Select(p => p.Outcome).Reverse());
        Assert.Equal(results.Select(r => r.Label()), stored);
    }

    /// <summary>
    /// A newer worker of a cluster being upgraded (or a script) may store a result this version does not know: the
    /// history still reads, and shows the text as stored, instead of failing the console page and the API.
    /// </summary>
    [Fact]
    public void A_stored_outcome_this_version_does_not_know_is_read_back_as_written()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        History.Record(new PollRecord("s1", at, PollResult.Ok, 200, 10, TimeSpan.FromMilliseconds(5), 1, null));
        using (var connection = services.GetRequiredService<Database>().Open())
        using (var command = connection.Command("UPDATE source_polls SET outcome = 'quarantined' WHERE source_id = 's1'"))
            command.ExecuteNonQuery();

        var poll = Assert.Single(History.FindRecent("s1", 10));

        Assert.Equal(PollResult.Unrecognized, poll.Outcome);
        Assert.Equal("quarantined", poll.OutcomeText);
        Assert.Equal(1, poll.NewArticles);
    }

    [Fact]
    public void A_stored_outcome_that_is_no_poll_result_is_refused_by_name()
    {
        var error = Assert.Throws<FormatException>(() => PollResults.Parse("timed out"));

        Assert.Contains("'timed out' is not a poll outcome", error.Message);
        Assert.Contains("timed_out", error.Message);
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
