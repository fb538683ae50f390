using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>
/// Pages fetched ahead of their extraction are bounded in bytes over all polls (Polling.MaxQueuedPageBytes, issue 18):
/// no page fetch starts while the pages waiting fill the bound, and one starts as soon as there is room again.
/// </summary>
public sealed class PageBacklogTests : IAsyncLifetime, IDisposable
{
    private static readonly string Prose = string.Concat(Enumerable.Repeat("<p>Ordinary words of an article that go on for a while, long enough to count as prose.</p>", 8));

    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        server.Serve("story.html", $"<html><body><article>{Prose}</article></body></html>", "text/html");
        services = TestConfig.Services(FeedHubConfiguration.Load(TestConfig.Write(dir, ("s1", server.Url("feed.xml"), "00:05:00"))));
        services.GetRequiredService<Database>().Migrate();
    }

    [Fact]
    public async Task A_page_is_not_fetched_while_the_pages_waiting_for_extraction_fill_the_bound()
    {
        var backlog = services.GetRequiredService<PageBacklog>();
        var bound = services.GetRequiredService<PollingOptions>().MaxQueuedPageBytes;
        var waiting = backlog.Hold(bound); // as if pages of that size waited for an extraction slot

        var extracting = services.GetRequiredService<PageExtractor>().FromUrlAsync(server.Url("story.html"), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.False(extracting.IsCompleted);
        Assert.Equal(0, server.Hits("story.html"));

        waiting.Dispose();
        var page = await extracting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(page.IsExtracted, page.Outcome.ToString());
        Assert.Equal(1, server.Hits("story.html"));
        Assert.Equal(0, backlog.QueuedBytes); // the page left the backlog when it had its turn
    }

    [Fact]
    public async Task A_page_larger_than_the_bound_is_let_through_when_nothing_else_waits()
    {
        var backlog = new PageBacklog(new PollingOptions { MaxQueuedPageBytes = 1024 * 1024 });

        await backlog.WaitForRoomAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var huge = backlog.Hold(5 * 1024 * 1024);
        var next = backlog.WaitForRoomAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        Assert.False(next.IsCompleted);

        huge.Dispose();
        huge.Dispose(); // a lease counts once, however often it is let go
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, backlog.QueuedBytes);
    }

    [Fact]
    public async Task A_poll_cancelled_while_it_waits_for_room_stops_waiting()
    {
        var backlog = new PageBacklog(new PollingOptions { MaxQueuedPageBytes = 1024 * 1024 });
        using var full = backlog.Hold(1024 * 1024);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backlog.WaitForRoomAsync(cancel.Token).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Pages_fetched_and_given_as_markup_are_extracted_on_the_extraction_threads()
    {
        var pages = services.GetRequiredService<PageExtractor>();
        var before = ExtractionThreads.Shared.Ran;

        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => pages.FromUrlAsync(server.Url("story.html"), CancellationToken.None))
                .Concat(Enumerable.Range(0, 8).Select(_ => pages.FromHtmlAsync($"<article>{Prose}</article>", new Uri("https://example.com/a"), CancellationToken.None))))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(results, page => Assert.True(page.IsExtracted, page.Outcome.ToString()));
        Assert.True(ExtractionThreads.Shared.Ran - before >= 16, $"{ExtractionThreads.Shared.Ran - before} extractions ran on the extraction threads, 16 expected");
    }

    [Fact]
    public async Task A_waiting_page_counts_the_buffer_it_is_held_in_not_only_its_bytes()
    {
        var html = $"<html><body><article>{Prose}<p>{new string('x', 300_000)}</p></article></body></html>";
        server.Serve("big.html", html, "text/html");
        var backlog = services.GetRequiredService<PageBacklog>();
        using var busy = new ManualResetEventSlim();
        var occupied = Enumerable.Range(0, ExtractionThreads.Shared.Count) // so that the page waits for its turn
            .Select(_ => ExtractionThreads.Shared.RunAsync(() => busy.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None)).ToList();
        Task<PageResult> extracting;
        long waiting;
        try
        {
            extracting = services.GetRequiredService<PageExtractor>().FromUrlAsync(server.Url("big.html"), CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((waiting = backlog.QueuedBytes) == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        }
        finally
        {
            busy.Set();
        }

        Assert.True(waiting >= 512 * 1024, $"{waiting} bytes counted for a page of {html.Length} held in a pooled buffer of 512 KiB");
        Assert.True((await extracting.WaitAsync(TimeSpan.FromSeconds(60))).IsExtracted);
        await Task.WhenAll(occupied);
        Assert.Equal(0, backlog.QueuedBytes);
    }

    public Task DisposeAsync() => server.DisposeAsync().AsTask();

    public void Dispose()
    {
        services.Dispose();
        dir.Dispose();
    }
}
