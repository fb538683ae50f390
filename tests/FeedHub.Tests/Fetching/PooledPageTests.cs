using System.IO.Compression;
using FeedHub.Core.Configuration;
using FeedHub.Core.Fetching;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Fetching;

/// <summary>
/// Article pages fetched into pooled buffers (issue 18): the body comes back byte for byte however the server sends it
/// (with a length, chunked past the first buffer, compressed), and the cap holds as it does for a body of its own.
/// </summary>
public sealed class PooledPageTests : IAsyncLifetime
{
    private static readonly byte[] Page = System.Text.Encoding.UTF8.GetBytes(
        "<html><body>" + string.Concat(Enumerable.Range(0, 4000).Select(i => $"<p>Paragraph {i} of a long page.</p>")) + "</body></html>");

    private LoopbackServer server = null!;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static FeedFetcher Fetcher(PollingOptions? polling = null) =>
        new(polling ?? new PollingOptions(), new NetworkGuard(new NetworkOptions { AllowedNetworks = ["127.0.0.0/8"] }), TimeProvider.System);

    [Theory]
    [InlineData("length")]
    [InlineData("chunked")]
    [InlineData("gzip")]
    public async Task The_page_comes_back_byte_for_byte_however_it_is_sent(string how)
    {
        Assert.True(Page.Length > 128 * 1024); // past the first buffer of a body of unknown length, so it grows
        ServePage("page.html", how);
        using var fetcher = Fetcher();

        var page = Assert.IsType<FetchResult.PooledPage>(await fetcher.FetchPooledPageAsync(server.Url("page.html"), default));

        using (page.Body)
        {
            Assert.Equal(Page.Length, page.Body.Length);
            Assert.True(page.Body.Span.SequenceEqual(Page));
            Assert.Equal("text/html; charset=utf-8", page.ContentType);
        }
        Assert.True(page.Body.IsReturned);
        Assert.Throws<ObjectDisposedException>(() => page.Body.Span.Length);
    }

    [Theory]
    [InlineData("length")]
    [InlineData("chunked")]
    [InlineData("gzip")]
    public async Task A_page_past_the_cap_is_too_large(string how)
    {
        ServePage("page.html", how);
        using var fetcher = Fetcher(new PollingOptions { MaxBodyBytes = 100_000 });

        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchPooledPageAsync(server.Url("page.html"), default));

        Assert.Equal(FetchFailure.TooLarge, failed.Kind);
        Assert.Contains("100000-byte cap", failed.Message);
    }

    [Fact]
    public async Task A_page_that_breaks_off_is_a_broken_response()
    {
        server.Handle("cut.html", async context =>
        {
            context.Response.ContentLength = Page.Length;
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(Page.AsMemory(0, Page.Length / 2));
            context.Abort();
        });
        using var fetcher = Fetcher();

        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchPooledPageAsync(server.Url("cut.html"), default));

        Assert.Equal(FetchFailure.BrokenResponse, failed.Kind);
    }

    private void ServePage(string path, string how) => server.Handle(path, async context =>
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        switch (how)
        {
            case "length":
                context.Response.ContentLength = Page.Length;
                await context.Response.Body.WriteAsync(Page);
                break;
            case "chunked":
                for (var at = 0; at < Page.Length; at += 10_000)
                {
                    await context.Response.Body.WriteAsync(Page.AsMemory(at, Math.Min(10_000, Page.Length - at)));
                    await context.Response.Body.FlushAsync();
                }
                break;
            default:
                context.Response.Headers.ContentEncoding = "gzip";
                await using (var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true))
                    await gzip.WriteAsync(Page);
                break;
        }
    });
}
