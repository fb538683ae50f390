using FeedHub.Core.Processing;

namespace FeedHub.Tests.Processing;

/// <summary>A source's status is a <see cref="SourceHealth"/>; its text (`feedhub status`, GET /api/sources, the console's filter) is written and read in one place.</summary>
public sealed class SourceHealthTests
{
    [Theory]
    [InlineData(SourceHealth.Ok, "ok")]
    [InlineData(SourceHealth.Failing, "failing")]
    [InlineData(SourceHealth.Stopped, "stopped")]
    [InlineData(SourceHealth.Disabled, "disabled")]
    [InlineData(SourceHealth.New, "new")]
    public void Each_status_is_written_as_before_and_reads_back(SourceHealth status, string text)
    {
        Assert.Equal(text, SourceOverview.TextOf(status));
        Assert.Equal(status, SourceOverview.ParseStatus(text));
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("gone")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_text_is_no_status(string? text) => Assert.Null(SourceOverview.ParseStatus(text));
}
