using FeedHub.Core.Model;

namespace FeedHub.Tests.Model;

/// <summary>When a source is polled next: the policy, without I/O.</summary>
public sealed class SchedulePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(30);
    private static readonly SchedulePolicy Policy = new(MaxHintedInterval: TimeSpan.FromHours(4), MaxBackoff: TimeSpan.FromHours(6));

    private static TimeSpan NextDelay(SourceState state, TimeSpan? hint = null, DateTimeOffset? retryAt = null, double jitter = 0.5)
    {
        state.ScheduleNextCheck(Now, Interval, Policy, hint, retryAt, jitter);
        return state.NextCheckAt!.Value - Now;
    }

    [Fact]
    public void A_healthy_source_is_polled_every_interval()
    {
        Assert.Equal(Interval, NextDelay(SourceState.New("s")));
    }

    [Theory]
    [InlineData(10, 30)]   // a shorter hint never shortens the interval
    [InlineData(90, 90)]   // a longer one lengthens it
    [InlineData(600, 240)] // up to the bound
    public void Feed_hints_only_lengthen_the_interval_within_the_bound(int hintMinutes, int expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), NextDelay(SourceState.New("s"), TimeSpan.FromMinutes(hintMinutes)));
    }

    [Fact]
    public void Failures_back_off_exponentially_up_to_the_cap_and_keep_probing()
    {
        var state = SourceState.New("s");
        var delays = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            state.RecordFailure(Now, "HTTP 500");
            delays.Add(NextDelay(state).TotalMinutes);
        }

        Assert.Equal([30, 60, 120, 240, 360, 360, 360, 360], delays);
    }

    [Fact]
    public void Backoff_is_jittered_so_sources_that_failed_together_spread_out()
    {
        var early = SourceState.New("a");
        var late = SourceState.New("b");
        early.RecordFailure(Now, "x");
        late.RecordFailure(Now, "x");

        Assert.Equal(27, NextDelay(early, jitter: 0).TotalMinutes);
        Assert.Equal(32.99, Math.Round(NextDelay(late, jitter: 0.999).TotalMinutes, 2));
    }

    [Fact]
    public void Retry_After_is_respected_even_beyond_the_interval()
    {
        var state = SourceState.New("s");
        state.RecordFailure(Now, "HTTP 429");

        Assert.Equal(TimeSpan.FromHours(2), NextDelay(state, retryAt: Now.AddHours(2)));
    }

    [Fact]
    public void A_permanent_redirect_moves_the_source_on_the_third_poll_in_a_row_only()
    {
        var configured = new Uri("https://old.example/feed");
        var target = new Uri("https://new.example/feed");
        var state = SourceState.New("s");

        Assert.False(state.ObserveRedirect(configured, target));
        Assert.False(state.ObserveRedirect(configured, null)); // a poll without the redirect starts the count again
        Assert.False(state.ObserveRedirect(configured, target));
        Assert.False(state.ObserveRedirect(configured, target));
        Assert.Equal(configured, state.UrlToPoll(configured));
        Assert.True(state.ObserveRedirect(configured, target));
        Assert.Equal(target, state.UrlToPoll(configured));
        Assert.Equal(new Uri("https://other.example/"), state.UrlToPoll(new Uri("https://other.example/"))); // a new configured URL wins
    }
}
