using System.Net;
using System.Net.Http.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The sources API answers from the kind of configuration problem: a bad value is 400 even when the value, quoted in
/// the message, reads like a conflict or a missing source; a real conflict is 409 and a missing source 404.
/// </summary>
public sealed class SourcesApiProblemTests : IAsyncLifetime, IDisposable
{
    private const string Key = "sources-problem-key-0123456789";
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        var config = TestConfig.Write(dir, ("gsm", new Uri("https://news.example.com/feed/"), "01:00:00"));
        host = await RunningHost.StartAsync(config, new Dictionary<string, string?> { ["Http:ApiKey"] = Key });
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, host.Url(path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", Key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_bad_value_is_a_bad_request_whatever_it_says()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(HttpMethod.Post, "api/sources", new { id = "new", url = "exists already" }));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(HttpMethod.Patch, "api/sources/gsm", new { url = "no source has the id" }));
    }

    [Fact]
    public async Task A_conflict_and_a_missing_source_keep_their_statuses()
    {
        Assert.Equal(HttpStatusCode.Conflict, await SendAsync(HttpMethod.Post, "api/sources", new { id = "gsm", url = "https://other.example.com/feed/" }));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Patch, "api/sources/nobody", new { name = "x" }));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Delete, "api/sources/nobody"));
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Url("api/sources")) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", Key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_control_character_in_a_url_is_refused_naming_the_field()
    {
        var (status, body) = await PostAsync(new { id = "nul", url = "https://news.example.com/a\u0000b" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("url: contains the control character U+0000 at character 27", body);
        Assert.DoesNotContain("\"nul\"", File.ReadAllText(host.Get<FeedHub.Core.Configuration.LiveConfiguration>().Current.FilePath));
    }

    [Fact]
    public async Task An_id_that_differs_only_in_case_is_a_conflict_naming_both_ids()
    {
        var (status, body) = await PostAsync(new { id = "GSM", url = "https://other.example.com/feed/" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("the id 'GSM' differs only in case from the existing source 'gsm'", body);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose()
    {
        http.Dispose();
        dir.Dispose();
    }
}
