using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedHub.Core.Extraction;

namespace FeedHub.Tests.Extraction;

public sealed class TextMeasureTests
{
    [Fact]
    public void A_wrappers_text_from_its_inner_levels_is_the_text_counted_whole()
    {
        var parser = new HtmlParser();
        var checkedPairs = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Layouts"), "*.html"))
        {
            using var document = parser.ParseDocument(File.ReadAllText(file));
            foreach (var element in document.All.Where(e => e.ParentElement is not null))
            {
                var parent = element.ParentElement!;
                var inner = TextMeasure.CountText(element, insideLink: false).Text;

                Assert.Equal(TextMeasure.CountText(parent, insideLink: false).Text, TextMeasure.TextAround(parent, element, inner));
                checkedPairs++;
            }
        }
        Assert.True(checkedPairs > 1_000, $"only {checkedPairs} elements checked");
    }
}
