using System.Net;
using System.Text;
using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// Every bad request gets the same kind of answer (issue 17 item 11): a 400 or 404 with an RFC 9457 problem body that
/// names the parameter or JSON field in FeedHub's words, on the real host; and the CLI refuses what the API refuses.
/// </summary>
public sealed class ApiConsistencyTests(ApiConsistencyTests.Host fixture) : IClassFixture<ApiConsistencyTests.Host>
{
    private const string Key = "consistency-test-key-0123456789";

    /// <summary>One host for the class: every request below is refused, so none changes the store or the configuration.</summary>
    public sealed class Host : SharedHost
    {
        protected override Task<HostedFeedHub> StartAsync() => HostedFeedHub.StartAsync((dir, upstream) =>
        {
            upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "A story", upstream.Url("missing"), "<p>Story text.</p>")), "application/rss+xml");
            return TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "01:00:00"));
        }, Key);
    }

    private HostedFeedHub Hub => fixture.Hub;

    private Task<HttpResponseMessage> PostAsync(string path, string json) => Hub.SendAsync(HttpMethod.Post, path, json, Key);

    [Theory]
    [InlineData("api/articles?source=nosuch", "source='nosuch' is not a configured source")]
    [InlineData("api/articles?section=nosuch", "section='nosuch' is not a configured section")]
    [InlineData("feeds?source=nosuch", "source='nosuch' is not a configured source")]
    public async Task An_unknown_source_or_section_is_a_400_on_the_api_as_on_feeds(string path, string detail)
    {
        using var response = await Hub.Http.GetAsync(Hub.Url(path));

        await Problems.AssertAsync(response, 400, detail);
    }

    [Theory]
    [InlineData("--section", "no section 'nosuch' in")]
    [InlineData("--source", "no source 'nosuch' in")]
    public async Task Articles_list_refuses_an_unknown_section_or_source(string option, string error)
    {
        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["articles", "list", option, "nosuch", "--config", Hub.ConfigPath]);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith($"feedhub: articles list: {error}", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("GET", "nope", 404, "/nope")]
    [InlineData("GET", "feeds/.atom", 404, "/feeds/.atom")]
    [InlineData("DELETE", "feeds/all.atom", 405, "/feeds/all.atom does not take DELETE; it takes GET, HEAD")]
    public async Task Unknown_routes_and_methods_answer_a_problem(string method, string path, int status, string detail)
    {
        using var response = await Hub.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), Hub.Url(path)));

        await Problems.AssertAsync(response, status, detail);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"status\":{status}", body);
        Assert.Contains("\"title\":", body);
        Assert.Contains("\"type\":", body);
    }

    [Fact]
    public async Task A_bad_boolean_is_a_400_that_names_the_parameter_and_its_values()
    {
        using var response = await PostAsync("api/sources/gsm/refresh?force=yes", "");

        await Problems.AssertAsync(response, 400, "force='yes' must be true or false");
    }

    [Theory]
    [InlineData("""{"id": "x", "url": "https://x.example/", "sections": "news"}""", "'sections' must be a list of strings, not a string")]
    [InlineData("""{"id": 5, "url": "https://x.example/"}""", "'id' must be a string, not a number")]
    [InlineData("""{"id": "x", "url": "https://x.example/", "sections": ["a", 5]}""", "'sections' item 2 must be a string, not a number")]
    [InlineData("""{"id": "x", "url": "https://x.example/", "enabled": "no"}""", "'enabled' must be true or false, not a string")]
    [InlineData("""["x"]""", "The body must be a JSON object, not an array")]
    [InlineData("""{"id": "x",""", "The body must be a JSON object; this is not JSON (line 1")]
    [InlineData("""{"id": "x", "url": "https://x.example/", "colour": "red"}""", "'colour' is not a field of this body; it takes id, url, name, sections, interval, enabled and kind")]
    public async Task A_source_body_of_the_wrong_shape_is_a_400_in_json_words(string json, string detail)
    {
        using var response = await PostAsync("api/sources", json);

        await Problems.AssertAsync(response, 400, detail);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("SourcesApi", body);
        Assert.DoesNotContain("`1", body);
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain(FeedHubConfiguration.Load(Hub.ConfigPath).Catalog.Sources, s => s.Id == "x"); // nothing was added
    }

    [Theory]
    [InlineData("""{"url": 5}""", "'url' must be a string, not a number")]
    [InlineData("""{"url": "https://x.example/", "baseUrl": "https://x.example/"}""", "'baseUrl' is not a field of this body; it takes url, html and base_url")]
    public async Task An_extract_body_of_the_wrong_shape_is_a_400_in_json_words(string json, string detail)
    {
        using var response = await PostAsync("api/extract", json);

        await Problems.AssertAsync(response, 400, detail);
        Assert.DoesNotContain("ExtractApi", await response.Content.ReadAsStringAsync());
    }
}
