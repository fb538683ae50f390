using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// Each feed's identity, gzip and brotli representations over real HTTP: their own ETags, Vary on every answer,
/// 304s for each tag, bodies that decompress to the identity body, Accept-Encoding negotiation, and one render
/// however many requests find a feed stale at once.
/// </summary>
public sealed class FeedRepresentationTests(FeedRepresentationTests.Host fixture) : IClassFixture<FeedRepresentationTests.Host>, IDisposable
{
    private const string FeedPath = "feeds/world-defense.atom";
    private readonly HttpClient http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None });

    /// <summary>
    /// One host for the class over 500 stored articles, which no test changes; a test that needs the feed cache as a
    /// fresh host has it (nothing rendered, no brotli made) empties it first.
    /// </summary>
    public sealed class Host : SharedHost
    {
        // The source's address refuses connections: the feeds show only the articles stored here, before the host starts.
        protected override Task<HostedFeedHub> StartAsync() => HostedFeedHub.StartAsync((dir, _) =>
        {
            var configPath = TestConfig.Write(dir, ("s1", new Uri("http://127.0.0.1:9/feed.xml"), "01:00:00"));
            StoreArticles(FeedHubConfiguration.Load(configPath), 500);
            return configPath;
        });
    }

    private HostedFeedHub Hub => fixture.Hub;

    [Fact]
    public async Task Each_encoding_has_its_own_etag_and_a_body_that_decompresses_to_the_identity_body()
    {
        using var identity = await GetAsync(FeedPath, null);
        using var gzip = await GetAsync(FeedPath, "gzip");
        using var brotli = await GetAsync(FeedPath, "br");

        var body = await identity.Content.ReadAsByteArrayAsync();
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Equal(body.Length, identity.Content.Headers.ContentLength);
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
        var gzipBody = await gzip.Content.ReadAsByteArrayAsync();
        var brotliBody = await brotli.Content.ReadAsByteArrayAsync();
        Assert.Equal(gzipBody.Length, gzip.Content.Headers.ContentLength);
        Assert.Equal(brotliBody.Length, brotli.Content.Headers.ContentLength);
        Assert.Equal(body, Decompress(new GZipStream(new MemoryStream(gzipBody), CompressionMode.Decompress)));
        Assert.Equal(body, Decompress(new BrotliStream(new MemoryStream(brotliBody), CompressionMode.Decompress)));
        Assert.True(gzipBody.Length < body.Length / 2 && brotliBody.Length < gzipBody.Length, $"{body.Length} {gzipBody.Length} {brotliBody.Length}");
        Assert.Equal(3, new[] { identity, gzip, brotli }.Select(r => r.Headers.ETag!.Tag).Distinct().Count());
        Assert.All(new[] { identity, gzip, brotli }, r => Assert.False(r.Headers.ETag!.IsWeak));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Each_representation_answers_304_to_its_etag_and_carries_vary_on_200_304_and_head(string? encoding)
    {
        using var ok = await GetAsync(FeedPath, encoding);
        using var conditional = Request(HttpMethod.Get, FeedPath, encoding);
        conditional.Headers.IfNoneMatch.Add(ok.Headers.ETag!);
        using var notModified = await http.SendAsync(conditional);
        using var head = await http.SendAsync(Request(HttpMethod.Head, FeedPath, encoding));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(ok.Headers.ETag, notModified.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(ok.Headers.ETag, head.Headers.ETag);
        Assert.Equal(ok.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(ok.Content.Headers.ContentEncoding, head.Content.Headers.ContentEncoding);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.All(new[] { ok, notModified, head }, r => Assert.Equal(["Accept", "Accept-Encoding"], r.Headers.Vary));
    }

    [Fact]
    public async Task A_reader_holding_another_encoding_gets_a_304_naming_the_tag_it_holds()
    {
        using var identity = await GetAsync(FeedPath, null);
        using var request = Request(HttpMethod.Get, FeedPath, "gzip");
        request.Headers.IfNoneMatch.Add(identity.Headers.ETag!);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(identity.Headers.ETag, response.Headers.ETag);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("GZIP", "gzip")]
    [InlineData("x-gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0.5, gzip", "gzip")]
    [InlineData("gzip;q=0.2, identity;q=0.5", "")]
    [InlineData("compress, zstd", "")]
    [InlineData("identity;q=0, *", "br")]
    [InlineData("*;q=0, identity", "")]
    [InlineData("br;q=0, *;q=0.1", "gzip")]
    [InlineData("br;q=0.1, gzip;q=0.1", "")] // identity, not named, keeps q=1
    public async Task Accept_encoding_is_negotiated_by_quality(string acceptEncoding, string expected)
    {
        using (await GetAsync(FeedPath, "br")) { } // brotli made, so readers who prefer it get it
        using var request = new HttpRequestMessage(HttpMethod.Get, Hub.Url(FeedPath));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, string.Join(",", response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task Brotli_is_made_in_the_background_and_readers_get_gzip_meanwhile()
    {
        Hub.Get<FeedCache>().Clear();
        const string browser = "gzip, deflate, br";
        using var first = new HttpRequestMessage(HttpMethod.Get, Hub.Url(FeedPath));
        first.Headers.TryAddWithoutValidation("Accept-Encoding", browser);

        using var response = await http.SendAsync(first);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await Eventually.GetAsync(async () =>
        {
            using var again = new HttpRequestMessage(HttpMethod.Get, Hub.Url(FeedPath));
            again.Headers.TryAddWithoutValidation("Accept-Encoding", browser);
            using var later = await http.SendAsync(again);
            return later.Content.Headers.ContentEncoding.SingleOrDefault() == "br" ? later.Headers.ETag : null;
        });
    }

    [Theory]
    [InlineData("identity;q=0")]
    [InlineData("identity;q=0, compress")]
    [InlineData("*;q=0")]
    [InlineData("br;q=0, gzip;q=0, identity;q=0")]
    public async Task A_reader_refusing_every_encoding_kept_gets_a_406_that_says_so(string acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Hub.Url(FeedPath));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await http.SendAsync(request);

        await Problems.AssertAsync(response, 406, $"Accept-Encoding '{acceptEncoding}' refuses identity, gzip and br");
        Assert.Equal(["Accept", "Accept-Encoding"], response.Headers.Vary);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_stale_feed_render_it_once()
    {
        const string path = "feeds/world-defense.rss?limit=500";
        // Sixteen connections opened first, so the requests below arrive together rather than one connection setup apart.
        foreach (var warm in await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => GetAsync(path, "gzip")))) warm.Dispose();
        var cache = Hub.Get<FeedCache>();
        cache.Invalidate([TestConfig.Section]);
        var before = cache.Renders;

        // The handlers run on the thread pool, whose minimum on a 2-core machine (2 threads) would queue these requests one
        // behind another instead of letting them race; with more threads at hand they reach the stale feed together.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
        HttpResponseMessage[] responses;
        try
        {
            responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => GetAsync(path, "gzip")));
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
        Assert.Equal(1, cache.Renders - before);
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task Metrics_report_the_cache_entries_bytes_and_renders()
    {
        Hub.Get<FeedCache>().Clear();
        using (await GetAsync(FeedPath, "br")) { }

        var metrics = await http.GetStringAsync(Hub.Url("metrics"));

        var cache = Hub.Get<FeedCache>();
        Assert.Equal(1, cache.Count);
        Assert.True(cache.Bytes > 100_000, cache.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("feedhub_feed_cache_entries", metrics);
        Assert.Contains("feedhub_feed_cache_bytes", metrics);
        Assert.Contains("feedhub_feed_renders_total", metrics);
    }

    /// <summary>A request for exactly this encoding (identity refused), so that it is served even while brotli is being made.</summary>
    private HttpRequestMessage Request(HttpMethod method, string path, string? encoding)
    {
        var request = new HttpRequestMessage(method, Hub.Url(path));
        if (encoding is null) return request;
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity", 0));
        return request;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? encoding)
    {
        using var request = Request(HttpMethod.Get, path, encoding);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static byte[] Decompress(Stream stream)
    {
        using var output = new MemoryStream();
        using (stream) stream.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Full-text articles with varied words, so the bodies compress like real ones rather than to almost nothing.</summary>
    private static void StoreArticles(FeedHubConfiguration configuration, int count)
    {
        using var services = TestConfig.Services(configuration);
        var database = services.GetRequiredService<Database>();
        database.Migrate();
        var random = new Random(18);
        var words = Enumerable.Range(0, 400).Select(_ => new string(Enumerable.Range(0, random.Next(2, 10)).Select(_ => (char)('a' + random.Next(26))).ToArray())).ToArray();
        string Word() => words[random.Next(words.Length)];
        var now = DateTimeOffset.UtcNow;
        var articles = Enumerable.Range(0, count).Select(i => new Article
        {
            Id = StableId.ForArticle("s1", "g" + i), SourceId = "s1", Guid = "g" + i, Url = new Uri($"https://example.com/story/{i}"),
            Title = "Story " + i, Published = now.AddMinutes(-i), Extraction = ExtractionOutcome.Extracted, FetchedAt = now,
            ContentHtml = string.Concat(Enumerable.Range(0, 8).Select(_ => "<p>" + string.Join(' ', Enumerable.Range(0, 60).Select(_ => Word())) + "</p>")),
            ContentText = "Story " + i,
            Sections = [new ArticleSection(TestConfig.Section, "source")],
        }).ToList();
        database.InTransaction(tx =>
        {
            SourceStore.Save(tx, configuration.EnabledSources()[0], SourceState.New("s1"));
            ArticleStore.Insert(tx, articles);
        });
    }

    public void Dispose() => http.Dispose();
}
