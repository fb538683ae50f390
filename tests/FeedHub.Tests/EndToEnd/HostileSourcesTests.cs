using System.IO.Compression;
using System.Text;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The real host polling a loopback server that attacks it in every way the hostile-input list names, beside one
/// honest feed: the process stays up, each source records a clear error, what was stored stays, and no hostile
/// markup reaches a published feed or an API answer.
/// </summary>
public sealed class HostileSourcesTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private LoopbackServer upstream = null!;
    private LoopbackServer busyServer = null!; // Retry-After holds for its whole origin, so the 429 comes from a server of its own
    private RunningHost host = null!;

    private static readonly (string Id, string Expected)[] Attacks =
    [
        ("drip", "no complete answer within 2 s"), ("hang", "no complete answer within 2 s"), ("huge", "larger than the 1048576-byte cap"),
        ("bomb", "larger than the 1048576-byte cap"), ("laughs", "its DTD expands entities beyond"), ("html", "not a feed: the document is an HTML page"),
        ("empty", "not a feed: the document is empty"), ("random", "not a feed: the document is neither XML nor JSON"), ("loop", "more than 5 redirects"),
        ("busy", "asked to be left alone"), ("broken", "HTTP 500"), ("gone", "HTTP 410 Gone"),
    ];

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("good.xml", Feeds.Rss(new Feeds.Item("g1", "An honest story", upstream.Url("nopage"), "<p>Honest words, long enough.</p>")), "application/rss+xml");
        upstream.Serve("xss.xml", XssFeed(), "application/rss+xml");
        upstream.Serve("xxe.xml", """<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>a &x; b</title><description>&x;</description></item></channel></rss>""", "application/rss+xml");
        upstream.Serve("dupes.xml", """<rss version="2.0"><channel><title>t</title><item><guid>same</guid><title>First</title><pubDate>not a date at all</pubDate></item><item><guid>same</guid><title>Second</title><pubDate>31/31/2031</pubDate></item></channel></rss>""", "application/rss+xml");
        // A windows-1251 feed that says UTF-8 in its header, and one that says nothing but its XML declaration.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var cyrillic = System.Text.Encoding.GetEncoding(1251).GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>t</title><item><guid>c1</guid><title>Новости</title><description>Текст</description></item></channel></rss>");
        upstream.Handle("mislabelled", async c => { c.Response.ContentType = "application/rss+xml; charset=utf-8"; await c.Response.Body.WriteAsync(cyrillic); });
        upstream.Handle("unlabelled", async c => { c.Response.ContentType = "application/rss+xml"; await c.Response.Body.WriteAsync(cyrillic); });
        upstream.Handle("drip", async c => { for (var i = 0; i < 100 && !c.RequestAborted.IsCancellationRequested; i++) { await c.Response.WriteAsync("<", c.RequestAborted); await c.Response.Body.FlushAsync(c.RequestAborted); await Task.Delay(100, c.RequestAborted); } });
        upstream.Handle("hang", async c => await Task.Delay(TimeSpan.FromMinutes(5), c.RequestAborted));
        upstream.Handle("huge", async c => { var chunk = new byte[1 << 20]; for (var i = 0; i < 200 && !c.RequestAborted.IsCancellationRequested; i++) await c.Response.Body.WriteAsync(chunk, c.RequestAborted); });
        var bomb = Gzip(new byte[64 << 20]);
        upstream.Handle("bomb", async c => { c.Response.Headers.ContentEncoding = "gzip"; await c.Response.Body.WriteAsync(bomb); });
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">"));
        upstream.Serve("laughs", $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY l0 \"lol\">{entities}]><rss version=\"2.0\"><channel><title>&l9;</title></channel></rss>", "application/xml");
        // Cut off in the second item: the first is whole and is kept, the cut one is not.
        upstream.Serve("truncated", $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><guid>t1</guid><title>Whole</title><link>{upstream.Url("nopage-either")}</link></item><item><guid>t2</guid><title>cut he", "application/xml");
        upstream.Serve("html", "<!DOCTYPE html><html><body><h1>Not a feed</h1></body></html>", "text/html");
        upstream.Serve("empty", "", "application/xml");
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        upstream.Handle("random", async c => await c.Response.Body.WriteAsync(random));
        upstream.Redirect("loop", 302, "/loop2");
        upstream.Redirect("loop2", 302, "/loop");
        busyServer = await LoopbackServer.StartAsync();
        busyServer.RetryAfter("busy", 429, "3600");
        upstream.Serve("broken", new LoopbackServer.Response(500, "oops", "text/plain"));
        upstream.Serve("gone", new LoopbackServer.Response(410, "", "text/plain"));

        var sources = Attacks.Select(a => (a.Id, a.Id == "busy" ? busyServer.Url(a.Id) : upstream.Url(a.Id), "00:00:20"))
            .Append(("good", upstream.Url("good.xml"), "00:00:20")).Append(("xss", upstream.Url("xss.xml"), "00:00:20"))
            .Append(("xxe", upstream.Url("xxe.xml"), "00:00:20")).Append(("dupes", upstream.Url("dupes.xml"), "00:00:20"))
            .Append(("mislabelled", upstream.Url("mislabelled"), "00:00:20")).Append(("truncated", upstream.Url("truncated"), "00:00:20")).Append(("unlabelled", upstream.Url("unlabelled"), "00:00:20")).ToArray();
        host = await RunningHost.StartAsync(TestConfig.Write(dir, sources), new Dictionary<string, string?>
        {
            ["Polling:RequestTimeout"] = "00:00:02", ["Polling:MaxBodyBytes"] = "1048576",
        });
        await Eventually.TrueAsync(() => host.Get<Core.Storage.SourceStore>().FindAllStates().Count == sources.Length);
    }

    [Fact]
    public async Task Every_attack_is_a_clear_error_and_the_host_stays_up()
    {
        var states = host.Get<Core.Storage.SourceStore>().FindAllStates();

        foreach (var (id, expected) in Attacks)
            Assert.True((states[id].LastError ?? "").Contains(expected), $"{id}: '{states[id].LastError}' should say '{expected}'");
        Assert.NotNull(states["gone"].DisabledReason);
        Assert.Null(states["good"].LastError);
        Assert.Equal("ok", (await http.GetStringAsync(host.Url("healthz"))).Trim());
        Assert.Equal(1, host.Get<Core.Storage.ArticleStore>().Count("good"));
        Assert.Equal(2, host.Get<Core.Storage.ArticleStore>().Count("dupes")); // one guid reused for two different items: each is kept
        Assert.Null(states["truncated"].LastError);
        Assert.Equal("Whole", Assert.Single(host.Get<Core.Storage.ArticleStore>().Find(new Core.Storage.ArticleQuery { SourceId = "truncated" })).Title);
        // A UTF-8 label on bytes that are no UTF-8 is overruled by the document's own declaration, and the source says so.
        var mislabelled = host.Get<Core.Storage.ArticleStore>().Find(new Core.Storage.ArticleQuery { SourceId = "mislabelled" });
        Assert.Equal("Новости", Assert.Single(mislabelled).Title);
        Assert.Contains("labelled utf-8 by its HTTP charset but is not UTF-8, so it was read as windows-1251", states["mislabelled"].FeedWarning);
        var unlabelled = host.Get<Core.Storage.ArticleStore>().Find(new Core.Storage.ArticleQuery { SourceId = "unlabelled" });
        Assert.Equal("Новости", Assert.Single(unlabelled).Title);
        Assert.True(GC.GetTotalMemory(false) < 1L << 30, "memory stayed bounded");
    }

    [Fact]
    public async Task No_hostile_markup_reaches_a_feed_or_the_api_and_no_local_file_leaks()
    {
        var outputs = new List<string>();
        foreach (var path in new[] { "feeds/all.rss", "feeds/all.atom", "feeds/all.json", "api/articles?limit=500" })
            outputs.Add(await http.GetStringAsync(host.Url(path)));
        foreach (var item in (await http.GetStringAsync(host.Url("api/articles?limit=500"))).Split("\"id\":").Skip(1))
            outputs.Add(await http.GetStringAsync(host.Url("api/articles/" + item.Split('"')[1])));

        Assert.Contains(outputs, o => o.Contains("Alert-free body text"));
        foreach (var output in outputs)
        {
            var decoded = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Unescape(output));
            foreach (var hostile in new[] { "<script", "onerror=", "onload=", "javascript:", "data:text/html", "<svg", "<iframe src=\"https://evil", "root:x:0:0" })
                Assert.DoesNotContain(hostile, decoded, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string XssFeed() => """
        <rss version="2.0"><channel><title>x</title><item><guid>x1</guid>
        <title>Title &lt;script&gt;alert(1)&lt;/script&gt;</title>
        <link>javascript:alert(1)</link>
        <description><![CDATA[<p>Alert-free body text <img src="x" onerror="alert(1)"> <a href="javascript:alert(2)">link</a>
        <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a> <svg onload="alert(3)"><circle/></svg>
        <iframe src="https://evil.example/"></iframe><script>alert(4)</script></p>]]></description>
        </item></channel></rss>
        """;

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await upstream.DisposeAsync();
        await busyServer.DisposeAsync();
        http.Dispose();
    }

    public void Dispose() => dir.Dispose();
}
