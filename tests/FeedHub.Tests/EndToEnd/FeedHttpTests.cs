using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>The published feeds over real HTTP: formats, conditional requests, HEAD, compression, paging, bad parameters.</summary>
public sealed class FeedHttpTests : IAsyncLifetime, IDisposable
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        ServeItems(5);
        host = await RunningHost.StartAsync(TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "00:00:01")));
        await Eventually.TrueAsync(() => CountEntries("feeds/world-defense.atom").Result == 5);
    }

    /// <summary>Items g1..gN, one day apart, g1 the oldest; their pages are missing, so each keeps the feed's own text.</summary>
    private void ServeItems(int count) =>
        upstream.Serve("feed.xml", Feeds.Rss(Enumerable.Range(1, count).Select(i => new Feeds.Item(
            "g" + i, "Story " + i, upstream.Url("missing" + i), $"<p>Text of story {i}, long enough to read.</p>",
            new DateTimeOffset(2025, 1, i, 12, 0, 0, TimeSpan.Zero))).ToArray()), "application/rss+xml");

    [Theory]
    [InlineData("feeds/world-defense.rss", "application/rss+xml")]
    [InlineData("feeds/world-defense.atom", "application/atom+xml")]
    [InlineData("feeds/world-defense.json", "application/feed+json")]
    [InlineData("feeds/all.json", "application/feed+json")]
    [InlineData("feeds?section=world-defense&format=rss", "application/rss+xml")]
    public async Task Each_format_is_served_with_its_content_type_and_cache_headers(string path, string mediaType)
    {
        using var response = await http.GetAsync(host.Url(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task A_repeated_request_with_the_etag_or_date_is_a_304_and_HEAD_has_no_body()
    {
        var url = host.Url("feeds/world-defense.rss");
        using var first = await http.GetAsync(url);

        using var byTag = new HttpRequestMessage(HttpMethod.Get, url);
        byTag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await http.SendAsync(byTag);
        using var byDate = new HttpRequestMessage(HttpMethod.Get, url);
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var notModifiedByDate = await http.SendAsync(byDate);
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, notModifiedByDate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(first.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Feeds_are_compressed_when_the_reader_accepts_it(string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("feeds/world-defense.atom"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity", 0)); // waits for brotli rather than taking identity while it is made

        using var response = await http.SendAsync(request);

        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task Older_items_are_reached_through_next_links()
    {
        var titles = new List<string>();
        var url = host.Url("feeds/world-defense.atom?limit=2");
        for (var page = 0; page < 5 && url is not null; page++)
        {
            var feed = XDocument.Parse(await http.GetStringAsync(url));
            titles.AddRange(feed.Descendants(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value));
            var next = feed.Root!.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "next");
            url = next is null ? null : new Uri((string)next.Attribute("href")!);
        }

        Assert.Equal(["Story 5", "Story 4", "Story 3", "Story 2", "Story 1"], titles);
    }

    [Theory]
    [InlineData("story 3", new[] { "Story 3" })]
    [InlineData("stor*", new[] { "Story 5", "Story 4", "Story 3", "Story 2", "Story 1" })]
    [InlineData("\"unbalanced AND (", new string[0])] // FTS syntax in people's words is just words
    public async Task Q_searches_the_full_text_index(string q, string[] titles)
    {
        var feed = XDocument.Parse(await http.GetStringAsync(host.Url("feeds?q=" + Uri.EscapeDataString(q))));

        Assert.Equal(titles, feed.Descendants(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value));
    }

    [Fact]
    public async Task A_new_article_replaces_the_cached_feed()
    {
        var url = host.Url("feeds/world-defense.json");
        using var before = await http.GetAsync(url);

        ServeItems(6);
        await Eventually.TrueAsync(() => CountEntries("feeds/world-defense.json").Result == 6);

        using var after = await http.GetAsync(url);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        using var json = JsonDocument.Parse(await after.Content.ReadAsStringAsync());
        Assert.Equal("Story 6", json.RootElement.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("feeds/world-defense.atom?limit=0", 400, "limit='0' must be a whole number from 1 to 500")]
    [InlineData("feeds/world-defense.atom?limit=501", 400, "limit='501'")]
    [InlineData("feeds/world-defense.atom?since=yesterday", 400, "since='yesterday' is not a date")]
    [InlineData("feeds/world-defense.atom?before=zzz", 400, "before='zzz' is not a page cursor")]
    [InlineData("feeds?section=sport", 400, "section='sport' is not a configured section")]
    [InlineData("feeds?source=nope", 400, "source='nope' is not a configured source")]
    [InlineData("feeds?format=pdf", 400, "format='pdf' must be rss, atom or json")]
    [InlineData("feeds/world-defense.pdf", 404, "'pdf' is not a feed format")]
    [InlineData("feeds?q=--%20%22", 400, "q='-- \\\"' has no word to search for")] // not every article, as if no q were given
    [InlineData("api/articles?q=*%20-", 400, "q='* -' has no word to search for")]
    [InlineData("api/search?q=%3F", 400, "q='?' has no word to search for")]
    public async Task Bad_parameters_get_a_problem_that_names_them(string path, int status, string detail)
    {
        using var response = await http.GetAsync(host.Url(path));

        await Problems.AssertAsync(response, status, detail);
    }

    private async Task<int> CountEntries(string path)
    {
        using var response = await http.GetAsync(host.Url(path));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) return -1;
        return path.EndsWith(".json", StringComparison.Ordinal)
            ? JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength()
            : XDocument.Parse(body).Descendants(Atom + "entry").Count();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await upstream.DisposeAsync();
        http.Dispose();
    }

    public void Dispose() => dir.Dispose();
}
