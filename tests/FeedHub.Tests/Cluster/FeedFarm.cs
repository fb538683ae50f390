using System.Collections.Concurrent;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FeedHub.Tests.Cluster;

/// <summary>
/// Many feeds on one loopback origin, for a cluster of workers: every request is recorded with the worker that made it
/// (each worker sends its own User-Agent), and the requests under way at once are counted, to see the cluster's
/// per-origin limit from the origin's side. Feeds answer with an ETag (a 304 when unchanged); a page marked slow is held
/// until <see cref="ReleaseSlowPages"/>, so that a poll can be caught in the middle.
/// </summary>
public sealed class FeedFarm : IAsyncDisposable
{
    public sealed record Request(string Path, string Worker, DateTimeOffset At);

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<int, List<string>> items = new();
    private readonly ConcurrentDictionary<string, bool> slowPages = new();
    private readonly ConcurrentQueue<Request> requests = new();
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int underWay;
    private int mostAtOnce;

    private FeedFarm(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The most requests the origin had under way at once.</summary>
    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

    public IReadOnlyList<Request> Requests => requests.ToList();

    /// <summary>Delay of every feed answer: long enough that requests from several workers overlap.</summary>
    public TimeSpan FeedDelay { get; init; } = TimeSpan.FromMilliseconds(40);

    public static async Task<FeedFarm> StartAsync(int feeds, int itemsPerFeed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var farm = new FeedFarm(builder.Build());
        for (var f = 0; f < feeds; f++) farm.items[f] = Enumerable.Range(0, itemsPerFeed).Select(i => $"f{f}-{i}").ToList();
        farm.app.Run(farm.HandleAsync);
        await farm.app.StartAsync();
        farm.BaseUrl = new Uri(farm.app.Urls.First() + "/");
        return farm;
    }

    public Uri FeedUrl(int feed) => new(BaseUrl, $"feed/{feed}.xml");

    /// <summary>Adds an item to a feed; its page is held (see <see cref="ReleaseSlowPages"/>) when <paramref name="slow"/>.</summary>
    public string AddItem(int feed, bool slow)
    {
        var list = items[feed];
        string id;
        lock (list)
        {
            id = $"f{feed}-{list.Count}";
            list.Add(id);
        }
        if (slow) slowPages[id] = true;
        return id;
    }

    public int ItemCount => items.Values.Sum(l => { lock (l) return l.Count; });

    public void ReleaseSlowPages() => released.TrySetResult();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var agent = context.Request.Headers.UserAgent.ToString();
        var worker = agent.Split(' ').FirstOrDefault(w => w.StartsWith("worker-", StringComparison.Ordinal)) ?? agent;
        requests.Enqueue(new Request(path, worker, DateTimeOffset.UtcNow));
        var now = Interlocked.Increment(ref underWay);
        for (var most = Volatile.Read(ref mostAtOnce); now > most; most = Volatile.Read(ref mostAtOnce))
            if (Interlocked.CompareExchange(ref mostAtOnce, now, most) == most) break;
        try
        {
            await AnswerAsync(context, path);
        }
        finally
        {
            Interlocked.Decrement(ref underWay);
        }
    }

    private async Task AnswerAsync(HttpContext context, string path)
    {
        var parts = path.Trim('/').Split('/');
        if (parts is ["feed", var name] && int.TryParse(name.Replace(".xml", ""), out var feed) && items.TryGetValue(feed, out var list))
        {
            await Task.Delay(FeedDelay, context.RequestAborted);
            string[] ids;
            lock (list) ids = list.ToArray();
            var etag = $"\"{feed}-{ids.Length}\"";
            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.ContentType = "application/rss+xml";
            // An item added later is newer, so it heads the published feeds.
            await context.Response.WriteAsync(Feeds.Rss(ids.Select((id, i) => new Feeds.Item(id, "Story " + id, new Uri(BaseUrl, "page/" + id),
                Published: new DateTimeOffset(2025, 3, 21, 9, 0, 0, TimeSpan.Zero).AddHours(i))).ToArray()));
            return;
        }
        if (parts is ["page", var item])
        {
            if (slowPages.ContainsKey(item)) await released.Task.WaitAsync(context.RequestAborted);
            context.Response.ContentType = "text/html; charset=utf-8";
            // Each page a story of its own (its own rel=canonical and words), or FeedHub would rightly merge them.
            await context.Response.WriteAsync(Feeds.ArticlePage.Replace("A story", "Story " + item)
                .Replace("<head>", $"<head><link rel=\"canonical\" href=\"{new Uri(BaseUrl, "page/" + item)}\">"));
            return;
        }
        context.Response.StatusCode = 404; // robots.txt: none, everything allowed
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseSlowPages();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
