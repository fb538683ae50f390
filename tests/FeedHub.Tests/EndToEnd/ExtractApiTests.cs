using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>POST /api/extract on the real host, with and without the API key.</summary>
public sealed class ExtractApiTests(ExtractApiTests.Host fixture) : IClassFixture<ExtractApiTests.Host>
{
    private const string Key = "test-key-0123456789abcdef";

    /// <summary>One host for the class: extraction stores nothing, and each test that counts fetches has a page of its own.</summary>
    public sealed class Host : SharedHost
    {
        protected override Task<HostedFeedHub> StartAsync() => HostedFeedHub.StartAsync(apiKey: Key);
    }

    private HostedFeedHub Hub => fixture.Hub;

    /// <summary>The seed page at an address of the upstream's no other test fetches, so that its hits are this test's.</summary>
    private Uri ServeStory()
    {
        var path = $"story-{Guid.NewGuid():N}.html";
        Hub.Upstream.Serve(path, SeedArticle.Html, "text/html; charset=utf-8");
        return Hub.Upstream.Url(path);
    }

    private Task<HttpResponseMessage> PostAsync(object body, string? key = Key) => Hub.SendAsync(HttpMethod.Post, "api/extract", body, key);

    [Fact]
    public async Task Posted_html_with_its_url_gives_the_seed_fields()
    {
        using var response = await PostAsync(new { html = SeedArticle.Html, base_url = SeedExpectations.PageUrl });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SeedExpectations.AssertMatches(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task A_url_is_fetched_through_the_poller_fetcher()
    {
        var story = ServeStory();
        using var response = await PostAsync(new { url = story.AbsoluteUri });

        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("extracted", report.GetProperty("status").GetString());
        Assert.Equal(4, report.GetProperty("headings").GetArrayLength());
        Assert.Equal(1, Hub.Upstream.Hits(story.AbsolutePath));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abcdef")]
    public async Task Without_the_right_key_it_is_401(string? key)
    {
        var story = ServeStory();
        using var response = await PostAsync(new { url = story.AbsoluteUri }, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, Hub.Upstream.Hits(story.AbsolutePath)); // nothing fetched for a caller without the key
    }

    [Fact]
    public async Task Bad_requests_say_what_is_wrong()
    {
        using var neither = await PostAsync(new { });
        using var both = await PostAsync(new { url = "https://a.example/", html = "<p>x</p>" });
        using var badUrl = await PostAsync(new { url = "ftp://a.example/" });
        using var noBase = await PostAsync(new { html = "<p>x</p>" });
        using var notJson = await Hub.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, Hub.Url("api/extract"))
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "X-Api-Key", Key } },
        });

        Assert.Contains("Send either url, or html with base_url", await neither.Content.ReadAsStringAsync());
        Assert.Contains("Send either url, or html with base_url", await both.Content.ReadAsStringAsync());
        Assert.Contains("url 'ftp://a.example/' is not an absolute http", await badUrl.Content.ReadAsStringAsync());
        Assert.Contains("html needs base_url", await noBase.Content.ReadAsStringAsync());
        Assert.Contains("The body must be a JSON object", await notJson.Content.ReadAsStringAsync());
        Assert.All([neither, both, badUrl, noBase, notJson], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Fact]
    public async Task The_preview_page_is_linked_from_the_index()
    {
        var index = await Hub.Http.GetStringAsync(Hub.Host.BaseUrl);
        var page = await Hub.Http.GetStringAsync(Hub.Url("extract"));

        Assert.Contains("href=\"/extract\"", index);
        Assert.Contains("fetch('/api/extract'", page);
        Assert.Contains("<iframe id=\"body\" sandbox", page);
    }
}
