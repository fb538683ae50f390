using System.IO.Compression;
using System.Net;
using FeedHub.Core.Configuration;
using FeedHub.Core.Fetching;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace FeedHub.Tests.Fetching;

/// <summary>The fetcher against a loopback server that misbehaves in the ways real servers do.</summary>
public sealed class FeedFetcherTests : IAsyncLifetime
{
    private LoopbackServer server = null!;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static FeedFetcher Fetcher(PollingOptions? polling = null, params string[] allowed) =>
        new(polling ?? new PollingOptions(), new NetworkGuard(new NetworkOptions { AllowedNetworks = allowed.Length > 0 ? [.. allowed] : ["127.0.0.0/8"] }),
            TimeProvider.System);

    [Fact]
    public async Task The_etag_is_sent_back_and_an_unchanged_feed_is_a_304()
    {
        server.Serve("feed.xml", "<rss/>", "application/rss+xml", etag: "\"v7\"");
        using var fetcher = Fetcher();

        var first = Assert.IsType<FetchResult.Fetched>(await fetcher.FetchFeedAsync(server.Url("feed.xml"), null, null, default));
        var second = await fetcher.FetchFeedAsync(server.Url("feed.xml"), first.ETag, first.LastModified, default);

        Assert.Equal("\"v7\"", first.ETag);
        Assert.IsType<FetchResult.NotModified>(second);
        Assert.Equal("\"v7\"", server.RequestsTo("feed.xml")[1]["If-None-Match"].ToString());
    }

    [Fact]
    public async Task A_gzip_bomb_stops_at_the_cap()
    {
        var bomb = Gzip(new byte[64 * 1024 * 1024]); // 64 MiB of zeros, about 64 KiB on the wire
        server.Handle("bomb.xml", async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(bomb);
        });
        using var fetcher = Fetcher(new PollingOptions { MaxBodyBytes = 1024 * 1024 });

        var result = await fetcher.FetchFeedAsync(server.Url("bomb.xml"), null, null, default);

        var failed = Assert.IsType<FetchResult.Failed>(result);
        Assert.Equal(FetchFailure.TooLarge, failed.Kind);
        Assert.Contains("1048576-byte cap", failed.Message);
    }

    [Fact]
    public async Task A_server_that_drips_its_body_is_timed_out()
    {
        server.Handle("slow.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            for (var i = 0; i < 100 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.WriteAsync("<", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
        });
        using var fetcher = Fetcher(new PollingOptions { RequestTimeout = TimeSpan.FromSeconds(1) });

        var result = await fetcher.FetchFeedAsync(server.Url("slow.xml"), null, null, default);

        var failed = Assert.IsType<FetchResult.Failed>(result);
        Assert.Equal(FetchFailure.TimedOut, failed.Kind);
        Assert.Equal("no complete answer within 1 s", failed.Message);
    }

    [Fact]
    public async Task Retry_After_on_429_keeps_FeedHub_away_from_that_host()
    {
        server.RetryAfter("busy.xml", 429, "120");
        server.Serve("other.xml", "<rss/>", "application/rss+xml");
        using var fetcher = Fetcher();

        var first = Assert.IsType<FetchResult.Failed>(await fetcher.FetchFeedAsync(server.Url("busy.xml"), null, null, default));
        var second = Assert.IsType<FetchResult.Failed>(await fetcher.FetchFeedAsync(server.Url("other.xml"), null, null, default));

        Assert.Equal(FetchFailure.RateLimited, first.Kind);
        Assert.InRange(first.RetryAt!.Value, DateTimeOffset.UtcNow.AddSeconds(100), DateTimeOffset.UtcNow.AddSeconds(121));
        Assert.Equal(FetchFailure.Deferred, second.Kind); // the same origin, so not asked at all: not a failure of other.xml
        Assert.Equal(first.RetryAt, second.RetryAt);
        Assert.Equal(0, server.Hits("other.xml"));
    }

    [Fact]
    public async Task A_redirect_loop_is_stopped()
    {
        server.Redirect("a", 302, "/b");
        server.Redirect("b", 302, "/a");
        using var fetcher = Fetcher();

        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchFeedAsync(server.Url("a"), null, null, default));

        Assert.Equal(FetchFailure.TooManyRedirects, failed.Kind);
        Assert.Equal(FeedFetcher.MaxRedirects + 1, server.Hits("a") + server.Hits("b"));
    }

    [Theory]
    [InlineData(301, true)]
    [InlineData(308, true)]
    [InlineData(302, false)]
    [InlineData(307, false)]
    public async Task Only_permanent_redirects_report_a_move(int status, bool permanent)
    {
        server.Redirect("old.xml", status, "/new.xml");
        server.Serve("new.xml", "<rss/>", "application/rss+xml");
        using var fetcher = Fetcher();

        var result = Assert.IsType<FetchResult.Fetched>(await fetcher.FetchFeedAsync(server.Url("old.xml"), null, null, default));

        Assert.Equal(server.Url("new.xml"), result.Url);
        Assert.Equal(permanent ? server.Url("new.xml") : null, result.MovedPermanentlyTo);
    }

    [Fact]
    public async Task Loopback_is_refused_unless_allowed()
    {
        server.Serve("feed.xml", "<rss/>", "application/rss+xml");
        using var fetcher = Fetcher(null, "10.99.0.0/16"); // something else is allowed, not loopback

        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchFeedAsync(server.Url("feed.xml"), null, null, default));

        Assert.Equal(FetchFailure.BlockedAddress, failed.Kind);
        Assert.Contains("127.0.0.1 (loopback)", failed.Message);
        Assert.Equal(0, server.Hits("feed.xml"));
    }

    [Fact]
    public async Task A_redirect_cannot_take_a_fetch_where_the_source_may_not_go()
    {
        // Only the test server's own address is allowed; the redirect points at another loopback address.
        server.Redirect("feed.xml", 302, $"http://127.0.0.2:{server.BaseUrl.Port}/secret");
        using var fetcher = Fetcher(null, "127.0.0.1/32");

        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchFeedAsync(server.Url("feed.xml"), null, null, default));

        Assert.Equal(FetchFailure.BlockedAddress, failed.Kind);
        Assert.Contains("127.0.0.2 (loopback)", failed.Message);
    }

    [Fact]
    public async Task No_more_than_the_per_host_limit_are_in_flight_at_once()
    {
        var inFlight = 0;
        var peak = 0;
        server.Handle("page.html", async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(150);
            Interlocked.Decrement(ref inFlight);
            await context.Response.WriteAsync("<p>hi</p>");
        });
        using var fetcher = Fetcher(new PollingOptions { MaxRequestsPerHost = 2 });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fetcher.FetchPageAsync(server.Url("page.html"), default)));

        Assert.Equal(8, server.Hits("page.html"));
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task A_410_is_reported_as_gone()
    {
        server.Serve("feed.xml", new LoopbackServer.Response(410, "", "text/plain"));
        using var fetcher = Fetcher();

        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchFeedAsync(server.Url("feed.xml"), null, null, default));

        Assert.Equal(FetchFailure.Gone, failed.Kind);
    }

    [Fact]
    public async Task Cache_hints_are_read_from_max_age()
    {
        server.Handle("feed.xml", async context =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            await context.Response.WriteAsync("<rss/>");
        });
        using var fetcher = Fetcher();

        var result = Assert.IsType<FetchResult.Fetched>(await fetcher.FetchFeedAsync(server.Url("feed.xml"), null, null, default));

        Assert.Equal(TimeSpan.FromHours(1), result.FreshFor);
    }

    [Fact]
    public async Task The_user_agent_names_FeedHub_and_the_contact_url()
    {
        server.Serve("feed.xml", "<rss/>", "application/rss+xml");
        using var fetcher = Fetcher(new PollingOptions { ContactUrl = "https://feeds.example.org/about" });

        await fetcher.FetchFeedAsync(server.Url("feed.xml"), null, null, default);

        var userAgent = server.RequestsTo("feed.xml")[0]["User-Agent"].ToString();
        Assert.StartsWith("FeedHub/", userAgent);
        Assert.EndsWith("+https://feeds.example.org/about", userAgent);
    }

    public static TheoryData<string, string, byte[], bool, string> BrokenTransfers => new()
    {
        // the fault, the response's headers, its body, whether the connection is reset after it, what the failure says
        { "fewer bytes than its Content-Length", "Content-Type: application/rss+xml\nContent-Length: 5000", Ascii("<rss>" + new string('x', 300)), false,
            "the response could not be read to its end" },
        { "a connection reset mid-body", "Content-Type: application/rss+xml\nContent-Length: 5000", Ascii("<rss>" + new string('x', 300)), true,
            "the response could not be read to its end" },
        { "a bad chunk size", "Content-Type: application/rss+xml\nTransfer-Encoding: chunked", Ascii("zz\r\n<rss/>\r\n0\r\n\r\n"), false,
            "the response could not be read to its end" },
        { "broken gzip", "Content-Type: application/rss+xml\nContent-Encoding: gzip\nContent-Length: 300", [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, .. Enumerable.Repeat((byte)0xee, 290)], false,
            "the body could not be decompressed" },
        { "broken brotli", "Content-Type: application/rss+xml\nContent-Encoding: br\nContent-Length: 300", [.. Enumerable.Repeat((byte)0xff, 300)], false,
            "the body could not be decompressed" },
    };

    [Theory]
    [MemberData(nameof(BrokenTransfers))]
    public async Task A_response_that_breaks_off_or_does_not_decode_is_a_failed_fetch(string fault, string headers, byte[] body, bool reset, string expected)
    {
        await using var raw = new RawHttpServer();
        raw.Answer("feed.xml", headers, body, reset);
        using var fetcher = Fetcher();

        // Issue 14 item 6: these escaped the fetcher as HttpIOException, IOException or InvalidDataException.
        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchFeedAsync(raw.Url("feed.xml"), null, null, default));

        Assert.Equal(FetchFailure.BrokenResponse, failed.Kind);
        Assert.True(failed.Message.StartsWith(expected, StringComparison.Ordinal), $"{fault}: {failed.Message}");
        var page = Assert.IsType<FetchResult.Failed>(await fetcher.FetchPageAsync(raw.Url("feed.xml"), default));
        Assert.Equal(FetchFailure.BrokenResponse, page.Kind);
    }

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
