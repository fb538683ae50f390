using AngleSharp.Html.Parser;
using FeedHub.Core.Extraction;

namespace FeedHub.Tests.Extraction;

/// <summary>The cleaner's fast test of class and id names gives the unlikely-name pattern's answer, name for name.</summary>
public sealed class UnlikelyNameTests
{
    private static readonly string[] Parts =
    [
        "ad", "ads", "AD", "Ads", "aDs", "adsx", "xads", "bad", "head", "lead", "ad_", "_ad", "ad1", "ad-slot", "adslot", "-ad-",
        "advert", "comment", "Comments", "COMMENT", "reply", "share", "SHARE", "side-bar", "sidebar", "menu", "pager", "x", "content",
        "main", "post", "entry", "\u017Fhare", "\u212Aelvin", "ad\u017F", "caf\u00E9", "mod\u00E1l",
    ];

    private static readonly string[] Separators = [" ", "-", "_", "", "  "];

    [Fact]
    public void The_fast_path_is_in_use_for_the_current_pattern()
    {
        Assert.NotNull(Boilerplate.UnlikelyWords); // else every name runs the pattern and the tests below prove nothing
    }

    [Fact]
    public void Combined_names_get_the_patterns_answer()
    {
        var random = new Random(15);
        var names = Parts.ToList();
        for (var i = 0; i < 5_000; i++)
            names.Add(Parts[random.Next(Parts.Length)] + Separators[random.Next(Separators.Length)] + Parts[random.Next(Parts.Length)]
                      + (random.Next(2) == 0 ? "" : Separators[random.Next(Separators.Length)] + Parts[random.Next(Parts.Length)]));

        Assert.DoesNotContain(names, n => Boilerplate.IsNamedUnlikely(n) != Boilerplate.IsNamedUnlikelyByPattern(n));
        Assert.Contains(names, Boilerplate.IsNamedUnlikely); // both answers occur
        Assert.Contains(names, n => !Boilerplate.IsNamedUnlikely(n));
    }

    [Theory]
    [InlineData("ad", true)]
    [InlineData("top ads", true)]
    [InlineData("ad-slot", true)]
    [InlineData("Ads_box", false)]
    [InlineData("adsx", false)]
    [InlineData("head", false)]
    [InlineData("lead-ad", true)]
    public void Ad_as_a_word_of_its_own(string names, bool unlikely)
    {
        Assert.Equal(unlikely, Boilerplate.IsNamedUnlikely(names));
    }

    [Fact]
    public void Every_class_and_id_of_the_test_pages_gets_the_patterns_answer()
    {
        var parser = new HtmlParser();
        var names = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData"), "*.htm*", SearchOption.AllDirectories)
            .SelectMany(file => parser.ParseDocument(File.ReadAllText(file)).All.Select(Boilerplate.Names))
            .Where(n => n.Length > 0).Distinct().ToList();

        Assert.True(names.Count > 100, $"only {names.Count} names found");
        Assert.DoesNotContain(names, n => Boilerplate.IsNamedUnlikely(n) != Boilerplate.IsNamedUnlikelyByPattern(n));
    }
}
