using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 with a port the OS picks, serving canned responses.
/// Responses can be replaced while it runs; every request is counted per path.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    public sealed record Response(int Status, string Body, string ContentType, string? ETag = null);

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Response> responses = new();
    private readonly ConcurrentDictionary<string, int> hits = new();

    private LoopbackServer(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new LoopbackServer(builder.Build());
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync();
        server.BaseUrl = new Uri(server.app.Urls.First() + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Serve(string path, string body, string contentType, string? etag = null) =>
        responses["/" + path.TrimStart('/')] = new Response(200, body, contentType, etag);

    public void Serve(string path, Response response) => responses["/" + path.TrimStart('/')] = response;

    public int Hits(string path) => hits.GetValueOrDefault("/" + path.TrimStart('/'));

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!responses.TryGetValue(path, out var response))
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (response.ETag is not null)
        {
            context.Response.Headers.ETag = response.ETag;
            if (context.Request.Headers.IfNoneMatch == response.ETag)
            {
                context.Response.StatusCode = 304;
                return;
            }
        }
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
