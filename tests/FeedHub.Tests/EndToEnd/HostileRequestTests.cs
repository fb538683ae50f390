using AngleSharp.Html.Parser;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// What an anonymous reader's request can make the real host do (issue 14): a search's cost is bounded before it
/// reaches the index (item 2), on every path where a reader's words become a full-text query, the CLI's included;
/// and every answer carries the security headers, the pages still working under their own Content-Security-Policy
/// in headless Chromium (a policy that refused a page's style or script shows in the console, and leaves the
/// form of /extract hidden).
/// </summary>
public sealed class HostileRequestTests(HostileRequestTests.Host fixture) : IClassFixture<HostileRequestTests.Host>
{
    /// <summary>400 one-letter prefixes: 9 s of CPU on 8 articles before the limits, and on after the client left.</summary>
    private static readonly string PrefixFlood = string.Join('+', Enumerable.Repeat("a*", 400));

    /// <summary>One host for the class: its tests only read the one story polled at the start, or are refused.</summary>
    public sealed class Host : SharedHost
    {
        protected override Task<HostedFeedHub> StartAsync() => WithOneStoryAsync();

        /// <summary>A host whose one source has given it one story, stored before this returns.</summary>
        public static async Task<HostedFeedHub> WithOneStoryAsync()
        {
            var hub = await HostedFeedHub.StartAsync((dir, upstream) =>
            {
                upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "Baltic defence talks", upstream.Url("nopage"), "<p>Ministers met about the Baltic.</p>")), "application/rss+xml");
                return TestConfig.Write(dir, ("good", upstream.Url("feed.xml"), "01:00:00"));
            });
            await Eventually.TrueAsync(() => hub.Get<Core.Storage.ArticleStore>().Count() == 1);
            return hub;
        }
    }

    private HostedFeedHub Hub => fixture.Hub;

    [Theory]
    [InlineData("api/search?q=")]
    [InlineData("api/articles?q=")]
    [InlineData("feeds?q=")]
    public async Task A_flood_of_prefix_words_is_a_400_that_says_what_was_too_much(string path)
    {
        using var response = await Hub.Http.GetAsync(Hub.Url(path + PrefixFlood));

        await Problems.AssertAsync(response, 400, "q: it has 400 words; a search takes at most 20");
    }

    [Theory]
    [InlineData("api/search?q=ba*", "'ba*' is too short a prefix")]
    [InlineData("feeds?q=bal*+def*+tal*+min*+met*", "it has 5 prefix words (ending in *); a search takes at most 4")]
    public async Task Short_and_numerous_prefixes_are_refused(string path, string detail)
    {
        using var response = await Hub.Http.GetAsync(Hub.Url(path));

        await Problems.AssertAsync(response, 400, detail);
    }

    [Theory]
    [InlineData("api/search?q=balt*+defence")]
    [InlineData("api/articles?q=balt*+defence")]
    [InlineData("feeds?q=balt*+defence&format=json")]
    public async Task A_search_within_the_limits_still_finds(string path)
    {
        Assert.Contains("Baltic defence talks", await Hub.Http.GetStringAsync(Hub.Url(path)));
    }

    /// <summary>A NUL in the words ended the FTS5 query early in SQLite: a 500 with an empty body on all three paths.</summary>
    [Theory]
    [InlineData("api/search?q=baltic%00defence")]
    [InlineData("api/articles?q=baltic%00defence")]
    [InlineData("feeds?q=baltic%00defence&format=json")]
    public async Task Control_characters_in_the_words_part_them_like_spaces(string path)
    {
        using var response = await Hub.Http.GetAsync(Hub.Url(path));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Baltic defence talks", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// An exception no handler catches, here from a store a script broke under the running server (a table dropped):
    /// a 500 with a problem body that says where to look, not Kestrel's empty 500, and the server carries on.
    /// </summary>
    [Fact]
    public async Task An_unhandled_failure_is_a_500_with_a_problem_body_and_the_server_carries_on()
    {
        // A host of its own: the class's shared host must keep its tables.
        await using var hub = await Host.WithOneStoryAsync();
        await using (var store = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={hub.Dir.File("feedhub.db")};Pooling=False"))
        {
            await store.OpenAsync();
            await using var drop = store.CreateCommand();
            drop.CommandText = "DROP TABLE article_headings";
            await drop.ExecuteNonQueryAsync();
        }

        using var response = await hub.Http.GetAsync(hub.Url("api/articles"));

        await Problems.AssertAsync(response, 500, "GET /api/articles failed inside FeedHub; the server's log says why.");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotContain("article_headings", await response.Content.ReadAsStringAsync()); // the store's details stay in the log
        Assert.Equal("ok", (await hub.Http.GetStringAsync(hub.Url("healthz"))).Trim());
    }

    /// <summary>A body that is not JSON: the 415's problem once only repeated its status.</summary>
    [Fact]
    public async Task A_body_that_is_not_json_is_told_what_to_send()
    {
        using var plain = new StringContent("{\"html\": \"<p>hi</p>\"}", System.Text.Encoding.UTF8, "text/plain");
        using var notJson = await Hub.Http.PostAsync(Hub.Url("api/extract"), plain);

        await Problems.AssertAsync(notJson, 415, "POST /api/extract takes a JSON body: send it with Content-Type: application/json.");
    }

    [Fact]
    public async Task The_search_command_refuses_the_flood_with_one_line_and_exit_2()
    {
        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["search", PrefixFlood.Replace('+', ' '), "--config", Hub.ConfigPath]);

        Assert.Equal(2, exitCode);
        Assert.Contains("terms: it has 400 words; a search takes at most 20", stderr);
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("", "text/html")]
    [InlineData("extract", "text/html")]
    [InlineData("feeds/all.rss", "application/rss+xml")]
    [InlineData("feeds/all.atom", "application/atom+xml")]
    [InlineData("feeds/all.json", "application/feed+json")]
    [InlineData("feed.xsl", "text/xsl")]
    [InlineData("api/articles", "application/json")]
    [InlineData("api/search?q=a*", "application/problem+json")]
    [InlineData("feeds/nowhere.rss", "application/problem+json")]
    [InlineData("healthz", "text/plain")]
    public async Task Every_kind_of_answer_is_nosniff_unframeable_and_under_a_policy(string path, string mediaType)
    {
        using var response = await Hub.Http.GetAsync(Hub.Url(path));

        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'none';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe", policy);
    }

    [Fact]
    public async Task Each_page_allows_only_what_it_uses()
    {
        var index = await PolicyAsync("");
        var extract = await PolicyAsync("extract");

        Assert.Matches("style-src 'sha256-[^']+';", index); // its inline style, by hash
        Assert.DoesNotContain("script-src", index); // it runs no script
        Assert.DoesNotContain("connect-src", index);
        Assert.Matches("script-src 'sha256-[^']+';", extract);
        Assert.Contains("connect-src 'self'", extract); // POST /api/extract
        Assert.Matches("script-src 'self';", await PolicyAsync("feeds/all.atom")); // feed.xsl: XSLT counts as script
        Assert.Equal("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", await PolicyAsync("api/articles"));
    }

    [SkippableFact]
    public async Task The_pages_still_work_in_a_browser_under_their_policy()
    {
        Chromium.Require();

        var (indexDom, indexLog) = await Chromium.RenderAsync(Hub.Url("?section=world-defense"), Hub.Dir.File("chromium"));
        var (extractDom, extractLog) = await Chromium.RenderAsync(Hub.Url("extract"), Hub.Dir.File("chromium"));

        Assert.DoesNotContain("Content Security Policy", indexLog);
        Assert.DoesNotContain("Content Security Policy", extractLog);
        using var indexPage = new HtmlParser().ParseDocument(indexDom);
        Assert.Equal("Baltic defence talks", indexPage.QuerySelector("#preview ~ article h3")?.TextContent);
        using var extractPage = new HtmlParser().ParseDocument(extractDom);
        Assert.False(extractPage.QuerySelector("#form")!.HasAttribute("hidden"), "the page's script ran and showed its form");
    }

    private async Task<string> PolicyAsync(string path)
    {
        using var response = await Hub.Http.GetAsync(Hub.Url(path));
        return Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
    }
}
