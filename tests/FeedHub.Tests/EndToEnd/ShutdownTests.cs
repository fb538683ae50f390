using System.Diagnostics;
using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.EndToEnd;

public sealed class ShutdownTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task Stopping_cancels_a_poll_under_way_promptly_and_stores_nothing_half_done()
    {
        await using var upstream = await LoopbackServer.StartAsync();
        var requested = new TaskCompletionSource();
        upstream.Handle("slow.xml", async context =>
        {
            requested.TrySetResult();
            await context.Response.WriteAsync("<rss version=\"2.0\"><channel>", context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        });
        var configuration = FeedHubConfiguration.Load(TestConfig.Write(dir, ("slow", upstream.Url("slow.xml"), "00:00:01")));
        var app = FeedHubServer.Build(configuration);
        await app.StartAsync();
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var watch = Stopwatch.StartNew();
        await app.StopAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {watch.Elapsed}");
        Assert.Null(app.Services.GetRequiredService<SourceStore>().FindState("slow"));
        Assert.Equal(0, app.Services.GetRequiredService<ArticleStore>().Count());
        await app.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
