using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The extraction budget holds where operators and scripts extract pages themselves: `feedhub extract` (the built
/// executable) and POST /api/extract (the real host) answer a page nested 200,000 levels deep with the reason, at once.
/// </summary>
public sealed class HostilePageEndToEndTests : IDisposable
{
    private const string Key = "test-key-0123456789abcdef";
    private static readonly string Deep = string.Concat(Enumerable.Repeat("<div>", 200_000)) + "<p>" + new string('x', 300) + "</p>";
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task Feedhub_extract_reports_the_deep_page_as_a_fallback_with_its_reason()
    {
        var page = dir.Write("deep.html", Deep);

        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["extract", page, "--base-url", "https://example.com/deep", "--format", "json"]);

        Assert.Equal(0, exitCode); // a page too costly to extract is an outcome, not an error
        Assert.Equal("fallback: the page has nested deeper than 256 levels", JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_extract_api_reports_the_deep_page_as_a_fallback_with_its_reason()
    {
        await using var host = await RunningHost.StartAsync(TestConfig.Write(dir), new Dictionary<string, string?> { ["Http:ApiKey"] = Key });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Url("api/extract"))
        {
            Content = JsonContent.Create(new { html = Deep, base_url = "https://example.com/deep" }),
        };
        request.Headers.Add("X-Api-Key", Key);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fallback: the page has nested deeper than 256 levels",
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    public void Dispose() => dir.Dispose();
}
