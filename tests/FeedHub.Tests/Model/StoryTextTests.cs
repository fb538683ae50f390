using FeedHub.Core.Model;

namespace FeedHub.Tests.Model;

/// <summary>The rules that tell another outlet's copy of a text from a different story that reads alike.</summary>
public sealed class StoryTextTests
{
    /// <summary>A market report whose long fixed disclaimer makes two companies' reports more alike than the threshold.</summary>
    private static string Report(string company, string price, string change) =>
        $"Shares of {company} closed at {price} euros on Tuesday, a change of {change} percent on the day. "
        + string.Join(' ', Enumerable.Range(1, 12).Select(i =>
            $"Disclaimer paragraph {Words(i)} states that this automatic report is for information only and is not advice to buy or sell any security."));

    private static string Words(int i) => new[] { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve" }[i - 1];

    [Fact]
    public void Reports_from_one_template_are_not_copies_when_their_numbers_differ_however_alike_the_words()
    {
        var a = StoryText.Of(Report("Nordhavn Shipping", "45.12", "2.3"));
        var b = StoryText.Of(Report("Kessford Pharma", "118.40", "-1.7"));

        Assert.True(a.SimilarityTo(b) > StoryText.Threshold, $"the template alone makes them {a.SimilarityTo(b):0.000} alike");
        Assert.Null(a.MatchCopyOf(b));
        Assert.NotNull(a.MatchCopyOf(StoryText.Of("Market report. " + Report("Nordhavn Shipping", "45.12", "2.3")))); // the same report, another intro
    }

    [Fact]
    public void Short_texts_need_the_higher_bar_and_the_shortest_are_never_compared()
    {
        var brief = string.Join(' ', Enumerable.Range(0, 100).Select(i => "word" + i));
        var edited = string.Join(' ', Enumerable.Range(0, 100).Select(i => i % 30 == 0 ? "other" + i : "word" + i)); // 0.5-0.85 alike
        var similarity = StoryText.Of(brief).SimilarityTo(StoryText.Of(edited));
        Assert.InRange(similarity, StoryText.Threshold, StoryText.ShortThreshold);
        Assert.Null(StoryText.Of(brief).MatchCopyOf(StoryText.Of(edited)));

        var longer = string.Join(' ', Enumerable.Range(0, 400).Select(i => "word" + i));
        var longerEdited = string.Join(' ', Enumerable.Range(0, 400).Select(i => i % 30 == 0 ? "other" + i : "word" + i));
        Assert.NotNull(StoryText.Of(longer).MatchCopyOf(StoryText.Of(longerEdited)));

        var stub = "This is a developing story and will be updated. Check back for the latest details from our reporters.";
        Assert.False(StoryText.Of(stub).IsComparable);
        Assert.Null(StoryText.Of(stub).MatchCopyOf(StoryText.Of(stub)));
        Assert.Empty(StoryText.Of(stub).Bands());
    }

    [Fact]
    public void Bands_are_the_same_in_every_process_and_shared_by_a_copy()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => "word" + i));
        var bands = StoryText.Of(text).Bands();
        Assert.Equal(StoryText.BandCount, bands.Length);
        Assert.Equal(bands, StoryText.Of(text.ToUpperInvariant()).Bands()); // case does not matter
        // Fixed values: the index in a store written by one process is read by another.
        Assert.Equal(-1, Array.IndexOf(bands, 0L));
        Assert.Equal(bands, StoryText.Of(text).Bands());
    }
}
