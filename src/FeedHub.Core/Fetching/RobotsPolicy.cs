using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FeedHub.Core.Configuration;

namespace FeedHub.Core.Fetching;

/// <summary>
/// Article pages fetched as a polite crawler fetches them (issue 18): each origin's robots.txt (RFC 9309) is read once and
/// kept in memory (as long as its HTTP freshness says, at most 24 hours, section 2.4), a page it disallows for FeedHub
/// (or for <c>*</c>) is not requested, and its <c>Crawl-delay</c> spaces this process's page requests to the origin: each
/// starts at least that long after the previous one ended. Feeds are made to be polled and stay exempt. Off with
/// <see cref="PollingOptions.RespectRobotsTxt"/>.
/// </summary>
public sealed class RobotsPolicy(FeedFetcher fetcher, PollingOptions options, TimeProvider time)
{
    /// <summary>The longest a robots.txt is trusted without asking again (RFC 9309 section 2.4).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    /// <summary>The shortest: a robots.txt that says max-age=0 is not fetched again before every page.</summary>
    private static readonly TimeSpan MinAge = TimeSpan.FromMinutes(1);

    /// <summary>How soon an origin whose robots.txt could not be had is asked again.</summary>
    public static readonly TimeSpan RetryUnreachable = TimeSpan.FromMinutes(10);

    /// <summary>The longest Crawl-delay honoured: a poll waits this long per page at most, so a site can't stall it for hours.</summary>
    public static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, Task<Rules>> rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Turns> turns = new(StringComparer.OrdinalIgnoreCase);
    private readonly string productToken = options.UserAgent.Split('/', ' ')[0];

    /// <summary>
    /// What robots.txt says of one origin: its rules, until when they hold, and, when it could not be had, why (and
    /// then everything is refused, RFC 9309 section 2.3.1.4, unless an earlier copy is known).
    /// </summary>
    private sealed record Rules(RobotsTxt Robots, DateTimeOffset Until, string? Unreachable = null);

    /// <summary>
    /// The page, fetched if robots.txt allows it once the origin's Crawl-delay has passed (a <see cref="FetchResult.PooledPage"/>,
    /// whose body the caller disposes); else a refusal saying why.
    /// </summary>
    public async Task<FetchResult> FetchPageAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!options.RespectRobotsTxt) return await fetcher.FetchPooledPageAsync(url, cancellationToken);
        var origin = url.GetLeftPart(UriPartial.Authority);
        var current = await FindRulesAsync(origin, cancellationToken);
        if (current.Unreachable is { } why && current.Robots == RobotsTxt.DisallowAll)
            return new FetchResult.Failed(url, FetchFailure.RefusedByRobotsTxt,
                $"robots.txt of {url.Authority} could not be fetched ({why}), so none of its pages are until it can (RFC 9309)");
        if (!current.Robots.Allows(url))
            return new FetchResult.Failed(url, FetchFailure.RefusedByRobotsTxt, "robots.txt disallows the page");
        if (current.Robots.CrawlDelay is not { } delay || delay <= TimeSpan.Zero)
            return await fetcher.FetchPooledPageAsync(url, cancellationToken);
        var spacing = turns.GetOrAdd(origin, _ => new Turns());
        await spacing.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = spacing.LastEnded + (delay < MaxCrawlDelay ? delay : MaxCrawlDelay) - time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);
            return await fetcher.FetchPooledPageAsync(url, cancellationToken);
        }
        finally
        {
            spacing.LastEnded = time.GetUtcNow();
            spacing.Gate.Release();
        }
    }

    /// <summary>The origin's rules, fetched once however many polls ask at the same time, and again when they expire.</summary>
    private async Task<Rules> FindRulesAsync(string origin, CancellationToken cancellationToken)
    {
        while (true)
        {
            rules.TryGetValue(origin, out var known);
            if (known is { IsCompletedSuccessfully: true } && known.Result.Until > time.GetUtcNow()) return known.Result;
            if (known is { IsCompleted: false }) return await known.WaitAsync(cancellationToken);
            var fetching = new TaskCompletionSource<Rules>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (known is null ? !rules.TryAdd(origin, fetching.Task) : !rules.TryUpdate(origin, fetching.Task, known)) continue;
            // Not the caller's token: other polls wait for the same answer, which the request timeout bounds.
            fetching.SetResult(await FetchRulesAsync(new Uri(origin + "/robots.txt"), known?.Result));
            return await fetching.Task;
        }
    }

    private async Task<Rules> FetchRulesAsync(Uri url, Rules? before)
    {
        var now = time.GetUtcNow();
        var answer = await fetcher.FetchPageAsync(url, CancellationToken.None);
        switch (answer)
        {
            case FetchResult.Fetched fetched:
                var text = Encoding.UTF8.GetString(fetched.Body, 0, Math.Min(fetched.Body.Length, RobotsTxt.MaxBytes));
                var age = fetched.FreshFor is { } fresh ? Clamp(fresh) : MaxAge;
                return new Rules(RobotsTxt.Parse(text, productToken), now + age);
            // 4xx: "unavailable", so no rule applies (section 2.3.1.3); a loop of redirects likewise (2.3.1.2). 429 is not
            // the site's answer about robots.txt but about the rate, so it counts as unreachable.
            case FetchResult.Failed { StatusCode: >= 400 and < 500 and not (int)HttpStatusCode.TooManyRequests }:
            case FetchResult.Failed { Kind: FetchFailure.TooManyRedirects }:
                return new Rules(RobotsTxt.AllowAll, now + MaxAge);
            // The page would be refused for the same reason, and says so better.
            case FetchResult.Failed { Kind: FetchFailure.BlockedAddress }:
                return new Rules(RobotsTxt.AllowAll, now + RetryUnreachable);
            case FetchResult.Failed failed:
                // Unreachable (5xx, network, timeout): complete disallow, unless a copy read before is known (section 2.4).
                var until = failed.RetryAt is { } retry && retry > now ? retry : now + RetryUnreachable;
                return new Rules(before is not null && before.Robots != RobotsTxt.DisallowAll ? before.Robots : RobotsTxt.DisallowAll, until, failed.Message);
            default:
                return new Rules(RobotsTxt.AllowAll, now + MinAge); // a 304 to a request that sent no validator: nothing to go by
        }
    }

    private static TimeSpan Clamp(TimeSpan age) => age < MinAge ? MinAge : age > MaxAge ? MaxAge : age;

    private sealed class Turns
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset LastEnded { get; set; } = DateTimeOffset.MinValue;
    }
}
