using System.Net;
using System.Net.Http.Json;
using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>POST and DELETE /api/sources, and the OpenAPI document, on the real host.</summary>
public sealed class SourcesApiTests : IAsyncLifetime
{
    private const string Key = "sources-api-key-0123456789";
    private HostedFeedHub hub = null!;

    public async Task InitializeAsync() => hub = await HostedFeedHub.StartAsync((dir, upstream) =>
    {
        upstream.Serve("new.xml", Feeds.Rss(new Feeds.Item("n1", "From the new source", upstream.Url("x"), "<p>Words of the new source.</p>")), "application/rss+xml");
        return TestConfig.Write(dir, ("old", upstream.Url("old.xml"), "00:05:00"));
    }, Key);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? key = Key) =>
        hub.SendAsync(method, path, body, key);

    /// <summary>
    /// A body over Kestrel's limit (30 MB): a 413 with a problem body, as before the exception handler turned what no
    /// handler caught into a 500, and once with an empty body. Sent by hand: the headers announce 31 MB, and the
    /// answer comes before any of it is sent (a client writing it all would find the connection closed under it).
    /// </summary>
    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_that_says_so()
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(hub.Host.BaseUrl.Host, hub.Host.BaseUrl.Port);
        await using var stream = client.GetStream();
        var head = $"POST /api/sources HTTP/1.1\r\nHost: {hub.Host.BaseUrl.Authority}\r\nX-Api-Key: {Key}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 31000000\r\n\r\n{";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));

        var answer = await new StreamReader(stream).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("The request to /api/sources could not be read: Request body too large.", answer);
    }

    [Fact]
    public async Task A_source_added_through_the_api_is_polled_and_can_be_removed()
    {
        using var refused = await SendAsync(HttpMethod.Post, "api/sources", new { id = "new", url = hub.Upstream.Url("new.xml").AbsoluteUri }, key: null);
        using var created = await SendAsync(HttpMethod.Post, "api/sources",
            new { id = "new", url = hub.Upstream.Url("new.xml").AbsoluteUri, sections = new[] { TestConfig.Section }, interval = "00:00:20" });
        using var again = await SendAsync(HttpMethod.Post, "api/sources", new { id = "new", url = hub.Upstream.Url("new.xml").AbsoluteUri });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await Eventually.TrueAsync(() => hub.Get<Core.Storage.ArticleStore>().Count("new") == 1);

        using var removed = await SendAsync(HttpMethod.Delete, "api/sources/new");
        using var missing = await SendAsync(HttpMethod.Delete, "api/sources/new");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain(FeedHubConfiguration.Load(hub.ConfigPath).Catalog.Sources, s => s.Id == "new");
    }

    [Fact]
    public async Task A_bad_source_is_a_400_that_names_the_problem()
    {
        using var badUrl = await SendAsync(HttpMethod.Post, "api/sources", new { id = "x", url = "not a url" });
        using var noId = await SendAsync(HttpMethod.Post, "api/sources", new { url = "https://x.example/" });
        using var bareNumber = await SendAsync(HttpMethod.Post, "api/sources", new { id = "x", url = "https://x.example/", interval = "3" });

        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Contains("'not a url' is not an absolute http", await badUrl.Content.ReadAsStringAsync());
        Assert.Contains("id and url are required", await noId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, bareNumber.StatusCode); // it was taken as three days (issue 17 item 6)
        Assert.Contains("interval '3' is not a duration such as 00:30:00", await bareNumber.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api()
    {
        var document = await hub.Http.GetStringAsync(hub.Url("openapi.json"));

        Assert.Contains("\"/api/articles\"", document);
        Assert.Contains("\"/api/sources/{id}/refresh\"", document);
        Assert.Contains("\"/feeds/{section}.{format}\"", document);
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
