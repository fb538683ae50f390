using System.Net;
using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>GET /api/sources, /api/sections, /api/articles and /api/articles/{id} on the real host.</summary>
public sealed class ReadApiTests(ReadApiTests.Host fixture) : IClassFixture<ReadApiTests.Host>
{
    private const string Key = "read-api-test-key-0123456789";

    /// <summary>One host for the class: its tests read the three stories polled at the start; the refresh adds nothing.</summary>
    public sealed class Host : SharedHost
    {
        protected override async Task<HostedFeedHub> StartAsync()
        {
            var hub = await HostedFeedHub.StartAsync((dir, upstream) =>
            {
                upstream.Serve("seed.html", SeedArticle.Html, "text/html; charset=utf-8");
                upstream.Serve("feed.xml", Feeds.Rss(Enumerable.Range(1, 3).Select(i => new Feeds.Item("g" + i, "Story " + i,
                    i == 3 ? upstream.Url("seed.html") : upstream.Url("missing"), $"<p>Story {i} text.</p>",
                    new DateTimeOffset(2025, 1, i, 0, 0, 0, TimeSpan.Zero))).ToArray()), "application/rss+xml");
                return TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "00:00:05"));
            }, Key);
            await Eventually.TrueAsync(() => hub.Get<Core.Storage.ArticleStore>().Count() == 3);
            return hub;
        }
    }

    private HostedFeedHub Hub => fixture.Hub;

    private Task<JsonElement> GetJsonAsync(string path) => Hub.GetJsonAsync(path);

    [Fact]
    public async Task Every_date_of_every_endpoint_is_written_as_the_store_writes_it()
    {
        var pattern = new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        var dates = new List<string>();
        void Collect(JsonElement element, string name)
        {
            if (element.ValueKind == JsonValueKind.Object)
                foreach (var property in element.EnumerateObject()) Collect(property.Value, property.Name);
            else if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray()) Collect(item, name);
            else if (element.ValueKind == JsonValueKind.String && (name.EndsWith("_at", StringComparison.Ordinal) || name is "published" or "updated" or "modified"))
                dates.Add($"{name}={element.GetString()}");
        }
        var articles = await GetJsonAsync("api/articles");
        Collect(await GetJsonAsync("api/sources"), "");
        Collect(articles, "");
        Collect(await GetJsonAsync("api/articles/" + articles.GetProperty("items")[0].GetProperty("id").GetString()), "");
        Collect(await GetJsonAsync("api/search?q=story"), "");

        Assert.Contains(dates, d => d.StartsWith("published=2025-01-0", StringComparison.Ordinal));
        Assert.Contains(dates, d => d.StartsWith("next_check_at=", StringComparison.Ordinal));
        Assert.All(dates, d => Assert.Matches(pattern, d[(d.IndexOf('=') + 1)..]));
    }

    [Fact]
    public async Task Sources_and_sections_report_status_and_counts()
    {
        var source = (await GetJsonAsync("api/sources"))[0];
        var section = (await GetJsonAsync("api/sections"))[0];

        Assert.Equal("gsm", source.GetProperty("id").GetString());
        Assert.Equal("ok", source.GetProperty("status").GetString());
        Assert.Equal(3, source.GetProperty("article_count").GetInt32());
        Assert.Equal("rss20", source.GetProperty("feed_format").GetString());
        Assert.False(source.TryGetProperty("feed_warning", out _)); // a well-formed feed has none
        Assert.Equal(TestConfig.Section, section.GetProperty("slug").GetString());
        Assert.Equal(3, section.GetProperty("article_count").GetInt32());
        Assert.Equal($"/feeds/{TestConfig.Section}.json", section.GetProperty("feeds").GetProperty("json").GetString());
    }

    [Fact]
    public async Task Articles_page_with_a_cursor_and_one_article_says_why_it_is_in_its_sections()
    {
        var first = await GetJsonAsync("api/articles?limit=2");
        var cursor = first.GetProperty("next_cursor").GetString();
        var second = await GetJsonAsync("api/articles?limit=2&cursor=" + Uri.EscapeDataString(cursor!));

        Assert.Equal(["Story 3", "Story 2"], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(["Story 1"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.False(second.TryGetProperty("next_cursor", out _));

        var id = first.GetProperty("items")[0].GetProperty("id").GetString();
        var article = await GetJsonAsync("api/articles/" + id);
        Assert.Equal(4, article.GetProperty("headings").GetArrayLength());
        Assert.Equal("source", article.GetProperty("sections")[0].GetProperty("why").GetString());
        Assert.Equal("json-ld", article.GetProperty("section_candidates")[0].GetProperty("origin").GetString());
        Assert.Equal(["gsm"], article.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["gsm"], first.GetProperty("items")[0].GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Search_finds_by_words_with_a_snippet()
    {
        var hits = await GetJsonAsync("api/search?q=" + Uri.EscapeDataString("Shoigu"));

        var hit = Assert.Single(hits.EnumerateArray());
        Assert.Equal("Story 3", hit.GetProperty("article").GetProperty("title").GetString());
        Assert.Contains("[Shoigu]", hit.GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task Refresh_needs_the_key_then_polls_at_once()
    {
        using var refused = await Hub.Http.PostAsync(Hub.Url("api/sources/gsm/refresh"), null);
        var hitsBefore = Hub.Upstream.Hits("feed.xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, Hub.Url("api/sources/gsm/refresh?force=true")) { Headers = { { "X-Api-Key", Key } } };
        using var accepted = await Hub.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var outcome = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("updated", outcome.GetProperty("status").GetString());
        Assert.Equal(0, outcome.GetProperty("new_articles").GetInt32());
        Assert.True(Hub.Upstream.Hits("feed.xml") > hitsBefore);
    }

    [Theory]
    [InlineData("api/articles?limit=0", 400, "limit='0'")]
    [InlineData("api/articles?section=sport", 400, "section='sport' is not a configured section")]
    [InlineData("api/articles?cursor=nope", 400, "cursor='nope'")]
    [InlineData("api/articles/00000000-0000-8000-8000-000000000000", 404, "No article has the id")]
    public async Task Bad_requests_are_problems(string path, int status, string detail)
    {
        using var response = await Hub.Http.GetAsync(Hub.Url(path));

        await Problems.AssertAsync(response, status, detail);
    }
}
