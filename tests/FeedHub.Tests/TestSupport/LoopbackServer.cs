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
    private readonly ConcurrentDictionary<string, RequestDelegate> handlers = new();
    private readonly ConcurrentQueue<(string Path, IHeaderDictionary Headers)> requests = new();

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

    /// <summary>Answers <paramref name="path"/> with custom code (slow bodies, redirects, compressed bombs...).</summary>
    public void Handle(string path, RequestDelegate handler) => handlers["/" + path.TrimStart('/')] = handler;

    /// <summary>Answers <paramref name="path"/> with a redirect.</summary>
    public void Redirect(string path, int status, string location) => Handle(path, context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    });

    /// <summary>Answers <paramref name="path"/> with an empty response of <paramref name="status"/> and a Retry-After.</summary>
    public void RetryAfter(string path, int status, string retryAfter) => Handle(path, context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = retryAfter;
        return Task.CompletedTask;
    });

    public int Hits(string path) => hits.GetValueOrDefault("/" + path.TrimStart('/'));

    /// <summary>The headers of every request made to <paramref name="path"/>, in order.</summary>
    public IReadOnlyList<IHeaderDictionary> RequestsTo(string path) =>
        requests.Where(r => r.Path == "/" + path.TrimStart('/')).Select(r => r.Headers).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        requests.Enqueue((path, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
        if (handlers.TryGetValue(path, out var handler))
        {
            await handler(context);
            return;
        }
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
