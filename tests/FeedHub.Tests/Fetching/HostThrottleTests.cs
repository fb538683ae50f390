using FeedHub.Core.Fetching;
using Microsoft.Extensions.Time.Testing;

namespace FeedHub.Tests.Fetching;

/// <summary>
/// The politeness limits on their own: slots per host and in all, slots given back however a wait ends, and the
/// Retry-After a host asked for, on a clock the test moves.
/// </summary>
public sealed class HostThrottleTests
{
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(200);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 21, 9, 14, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_host_gets_no_more_requests_at_once_than_its_limit()
    {
        var throttle = new HostThrottle(maxConcurrent: 10, maxPerHost: 2, time);
        var first = await throttle.AcquireAsync("news.example", CancellationToken.None);
        using var second = await throttle.AcquireAsync("news.example", CancellationToken.None);

        var third = throttle.AcquireAsync("news.example", CancellationToken.None);
        using var other = await throttle.AcquireAsync("other.example", CancellationToken.None).WaitAsync(Moment);

        await WaitsUntilGivenBack(first, third);
    }

    [Fact]
    public async Task Host_names_differing_in_case_share_their_slots()
    {
        var throttle = new HostThrottle(maxConcurrent: 10, maxPerHost: 1, time);
        var held = await throttle.AcquireAsync("News.Example", CancellationToken.None);

        var waiting = throttle.AcquireAsync("news.EXAMPLE", CancellationToken.None);

        await WaitsUntilGivenBack(held, waiting);
    }

    [Fact]
    public async Task All_hosts_together_get_no_more_requests_at_once_than_the_overall_limit()
    {
        var throttle = new HostThrottle(maxConcurrent: 2, maxPerHost: 2, time);
        var a = await throttle.AcquireAsync("a.example", CancellationToken.None);
        using var b = await throttle.AcquireAsync("b.example", CancellationToken.None);

        var c = throttle.AcquireAsync("c.example", CancellationToken.None);

        await WaitsUntilGivenBack(a, c);
    }

    [Fact]
    public async Task A_wait_given_up_for_the_overall_limit_gives_the_host_slot_back()
    {
        var throttle = new HostThrottle(maxConcurrent: 1, maxPerHost: 1, time);
        var elsewhere = await throttle.AcquireAsync("b.example", CancellationToken.None);
        using var giveUp = new CancellationTokenSource(Moment);

        // a.example's own slot is free, the overall one is not: the wait is cancelled holding a.example's slot.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => throttle.AcquireAsync("a.example", giveUp.Token));
        elsewhere.Dispose();

        (await throttle.AcquireAsync("a.example", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task A_slot_disposed_twice_is_given_back_once()
    {
        var throttle = new HostThrottle(maxConcurrent: 10, maxPerHost: 1, time);
        var slot = await throttle.AcquireAsync("news.example", CancellationToken.None);
        slot.Dispose();
        slot.Dispose();

        using var held = await throttle.AcquireAsync("news.example", CancellationToken.None);
        var waiting = throttle.AcquireAsync("news.example", CancellationToken.None);

        await Task.Delay(Moment);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public void A_host_is_left_alone_until_its_Retry_After_has_passed()
    {
        var throttle = new HostThrottle(10, 2, time);
        var start = time.GetUtcNow();

        var until = throttle.RecordRetryAfter("news.example", TimeSpan.FromSeconds(120));

        Assert.Equal(start.AddSeconds(120), until);
        Assert.Equal(until, throttle.FindRetryAfter("NEWS.example"));
        Assert.Null(throttle.FindRetryAfter("other.example"));
        time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(until, throttle.FindRetryAfter("news.example"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(throttle.FindRetryAfter("news.example"));
    }

    [Fact]
    public void A_shorter_Retry_After_does_not_cut_a_longer_one_short()
    {
        var throttle = new HostThrottle(10, 2, time);
        var longer = throttle.RecordRetryAfter("news.example", TimeSpan.FromMinutes(10));

        throttle.RecordRetryAfter("news.example", TimeSpan.FromSeconds(5));

        Assert.Equal(longer, throttle.FindRetryAfter("news.example"));
    }

    [Fact]
    public void A_Retry_After_longer_than_a_day_is_held_to_a_day()
    {
        var throttle = new HostThrottle(10, 2, time);
        var start = time.GetUtcNow();

        var until = throttle.RecordRetryAfter("news.example", TimeSpan.FromDays(365));

        Assert.Equal(start.AddDays(1), until);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Null(throttle.FindRetryAfter("news.example"));
    }

    /// <summary><paramref name="waiting"/> is still waiting a moment on, and gets its slot once <paramref name="held"/> is given back.</summary>
    private static async Task WaitsUntilGivenBack(IDisposable held, Task<IDisposable> waiting)
    {
        await Task.Delay(Moment);
        Assert.False(waiting.IsCompleted);
        held.Dispose();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
