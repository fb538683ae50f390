using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// A feed's URL serves two audiences (issue 17 item 3): a person who opens it in a browser sees a page about the feed
/// (what it is, how to subscribe, its latest items), and feed readers get the feed itself, byte for byte, whatever
/// Accept header they send. The real host, real headless Chromium for the browser, real HTTP for the readers.
/// </summary>
public sealed class FeedInBrowserTests : IAsyncLifetime, IDisposable
{
    private const string Title = "North Korea Test-Fires New Missile";
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None });
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("article.html", SeedArticle.Html, "text/html; charset=utf-8");
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", Title, upstream.Url("article.html"))), "application/rss+xml");
        host = await RunningHost.StartAsync(TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "01:00:00")));
        await Eventually.TrueAsync(() => host.Get<Core.Storage.ArticleStore>().Count() == 1);
    }

    [SkippableTheory]
    [InlineData("feeds/world-defense.atom", "Atom")]
    [InlineData("feeds/world-defense.rss", "RSS")]
    [InlineData("feeds?section=world-defense&format=json", "JSON Feed")]
    public async Task Chromium_opening_a_feed_url_shows_a_page_about_the_feed(string path, string format)
    {
        Chromium.Require();

        var (dom, _) = await Chromium.RenderAsync(host.Url(path), dir.File("chromium"));

        using var page = new HtmlParser().ParseDocument(dom);
        Assert.Equal("World Defense", page.QuerySelector("h1")?.TextContent);
        Assert.Contains($"news feed ({format})", page.QuerySelector("#subscribe")?.TextContent);
        Assert.Equal(host.Url(path).AbsoluteUri, page.QuerySelector("input#feed-url")?.GetAttribute("value"));
        Assert.Equal(2, page.QuerySelectorAll("#subscribe a[href*='/feeds']").Length); // the other two formats
        var item = page.QuerySelector("article h3 a");
        Assert.Equal(Title, item?.TextContent);
        Assert.Equal(upstream.Url("article.html").AbsoluteUri, item?.GetAttribute("href"));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("article p")?.TextContent)); // the start of the article's text
    }

    /// <summary>
    /// Accept headers that feed readers send: the feed types first (SimplePie, which FreshRSS uses; feedparser; a Swift
    /// reader's fetcher), text/html at the same q-value as the feed types (Miniflux), bare wildcards (curl, many fetchers),
    /// a single feed type, and no Accept header at all.
    /// </summary>
    public static TheoryData<string?> ReaderAcceptHeaders => new()
    {
        "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.7, unknown/unknown;q=0.1, application/unknown;q=0.1, */*;q=0.1",
        "application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1",
        "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5",
        "application/xml, application/atom+xml, application/rss+xml, application/rdf+xml, application/feed+json, text/html, */*;q=0.9",
        "application/rss+xml, application/atom+xml, */*",
        "*/*",
        "application/atom+xml",
        "text/xml",
        null,
    };

    [Theory]
    [MemberData(nameof(ReaderAcceptHeaders))]
    public async Task Feed_readers_get_the_feed_byte_for_byte_whatever_they_accept(string? accept)
    {
        using var plain = await http.GetAsync(host.Url("feeds/world-defense.atom"));
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("feeds/world-defense.atom"));
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(plain.Headers.ETag, response.Headers.ETag);
        Assert.Equal(["Accept", "Accept-Encoding"], response.Headers.Vary);
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")] // Chromium
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")] // Firefox, Safari
    public async Task A_browser_navigation_gets_the_page_without_the_feeds_etag_even_when_it_holds_that_etag(string accept)
    {
        using var feed = await http.GetAsync(host.Url("feeds/world-defense.atom"));
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("feeds/world-defense.atom"));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Dest", "document");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate");
        request.Headers.IfNoneMatch.Add(feed.Headers.ETag!);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var page = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Null(page.Headers.ETag);
        Assert.Equal(["Accept", "Accept-Encoding"], page.Headers.Vary);
        Assert.Contains(Title, await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_scripts_fetch_that_asks_for_html_still_gets_the_feed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("feeds/world-defense.rss"));
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Dest", "empty");

        using var response = await http.SendAsync(request);

        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await host.DisposeAsync();
        await upstream.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
