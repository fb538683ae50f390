using FeedHub.Core.Model;

namespace FeedHub.Tests.Model;

/// <summary>
/// The extraction_status text (the store's column, the JSON API, `feedhub extract`) is written and read by
/// <see cref="ExtractionOutcome"/> alone: every kind survives the trip, and the text keeps the documented shapes.
/// </summary>
public sealed class ExtractionOutcomeTests
{
    public static TheoryData<string, ExtractionKind, string?> Texts => new()
    {
        { "extracted", ExtractionKind.Extracted, null },
        { "feed: page not fetched: HTTP 404 Not Found", ExtractionKind.Feed, "page not fetched: HTTP 404 Not Found" },
        { "feed: robots.txt disallows the page", ExtractionKind.Feed, "robots.txt disallows the page" },
        { "fallback: the page held too little text", ExtractionKind.Fallback, "the page held too little text" },
        { "error: not an HTML page: the file's text starts with no markup", ExtractionKind.Error, "not an HTML page: the file's text starts with no markup" },
        { "feed: ", ExtractionKind.Feed, "" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_stored_text_reads_back_as_its_kind_and_reason_and_is_written_the_same(string text, ExtractionKind kind, string? reason)
    {
        var outcome = ExtractionOutcome.Parse(text);

        Assert.Equal((kind, reason), (outcome.Kind, outcome.Reason));
        Assert.Equal(text, outcome.ToString());
        Assert.Equal(outcome, ExtractionOutcome.Parse(outcome.ToString()));
    }

    [Fact]
    public void Each_kind_is_written_in_its_documented_shape()
    {
        Assert.Equal("extracted", ExtractionOutcome.Extracted.ToString());
        Assert.Equal("feed: page fetching is off", ExtractionOutcome.Feed("page fetching is off").ToString());
        Assert.Equal("fallback: the page took too long", ExtractionOutcome.Fallback("the page took too long").ToString());
        Assert.Equal("error: no such file", ExtractionOutcome.Error("no such file").ToString());
        Assert.True(ExtractionOutcome.Extracted.IsExtracted);
        Assert.False(ExtractionOutcome.Feed("extracted").IsExtracted); // a reason that reads like a kind is still a reason
        Assert.Equal(ExtractionOutcome.Feed("x"), ExtractionOutcome.Feed("x"));
        Assert.NotEqual(ExtractionOutcome.Feed("x"), ExtractionOutcome.Fallback("x"));
    }

    [Theory]
    [InlineData("Extracted")]
    [InlineData("extracted ")]
    [InlineData("feed:no space")]
    [InlineData("ok")]
    [InlineData("")]
    public void Text_of_no_known_shape_reads_as_unrecognized_and_is_given_back_unchanged(string text)
    {
        var outcome = ExtractionOutcome.Parse(text);

        Assert.Equal((ExtractionKind.Unrecognized, text), (outcome.Kind, outcome.Reason));
        Assert.False(outcome.IsExtracted);
        Assert.Equal(text, outcome.ToString());
    }
}
