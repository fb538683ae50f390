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
}
