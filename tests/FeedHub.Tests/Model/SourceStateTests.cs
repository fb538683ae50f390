using FeedHub.Core.Model;

namespace FeedHub.Tests.Model;

public sealed class SourceStateTests
{
    [Fact]
    public void Failures_count_up_and_a_success_resets_them()
    {
        var state = SourceState.New("s");
        var now = DateTimeOffset.UtcNow;

        state.RecordFailure(now, "HTTP 500");
        state.RecordFailure(now, "HTTP 502");
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Equal("HTTP 502", state.LastError);

        state.RecordSuccess(now, "\"v1\"", null);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.LastError);
        Assert.Equal("\"v1\"", state.ETag);
        Assert.Equal(now, state.LastErrorAt); // when it last failed stays known
    }

    [Fact]
    public void A_deferred_poll_keeps_the_failures_and_the_last_error_and_waits_for_the_origin()
    {
        var policy = new SchedulePolicy(TimeSpan.FromDays(1), TimeSpan.FromHours(6));
        var failedAt = new DateTimeOffset(2025, 3, 21, 9, 0, 0, TimeSpan.Zero);
        var state = SourceState.New("s");
        state.RecordFailure(failedAt, "HTTP 500");
        state.RecordFailure(failedAt.AddMinutes(10), "HTTP 502");
        state.ScheduleNextCheck(failedAt.AddMinutes(10), TimeSpan.FromMinutes(10), policy, jitter: 0.5);
        var now = state.NextCheckAt!.Value; // due, and its origin is waiting out another source's Retry-After
        var until = now.AddMinutes(3);

        state.Defer(until);

        Assert.Equal((2, "HTTP 502"), (state.ConsecutiveFailures, state.LastError));
        Assert.Equal(failedAt.AddMinutes(10), state.LastErrorAt);
        Assert.Equal(failedAt.AddMinutes(10), state.LastFetchAt); // nothing was fetched
        Assert.Equal(until, state.NextCheckAt);
    }

    [Fact]
    public void A_deferral_never_brings_a_later_check_forward()
    {
        var later = new DateTimeOffset(2025, 3, 21, 12, 0, 0, TimeSpan.Zero);
        var state = new SourceState { SourceId = "s", NextCheckAt = later };

        state.Defer(later.AddHours(-2));

        Assert.Equal(later, state.NextCheckAt);
    }
}
