using System.Text.Json;
using FeedHub.Core.Extraction;

namespace FeedHub.Tests.Extraction;

/// <summary>
/// Page layouts written for FeedHub (TestData/Layouts): semantic article, WordPress, div soup, a
/// layout table, split columns, a paywall teaser, a live blog, a photo story, an interview, a
/// German page, and one page per failure class of issue 15 (a whole-page form, a script shell with
/// JSON-LD, a data table, linked headings, a metadata-named wrapper, trackbacks, filing lines,
/// numbered comments, a short post beside a blog's description, a link round-up list, a round-up whose items are
/// mostly link titles each followed by a short comment (class 6), a body split
/// into sibling sections around a link block, a body wrapper named like a share widget, and a photo
/// post whose one emphasised sentence outscores its container, a long copyright notice beside a short story, a body split over
/// repeated wrappers whose inner classes differ by a number, a short notice above a footer widget of longer prose, a story with a
/// slideshow of other headlines inside it, a post inside an aside element, a short post below a carousel of
/// promotions, a short post beside a list of longer story excerpts in article elements, a short story beside a
/// longer stream of linked headlines with summaries (class 4),
/// a short story beside an unnamed slideshow of numbered slides that link to other stories (class 4), a quoted social post
/// in a wrapper named for the network, a lead written last in the article's header,
/// a lead standing just before the body's container). Each NAME.html has NAME.expected.json: the title, the section, the headings, every
/// text block in order, and what must not appear.
/// </summary>
public sealed class GoldenLayoutTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Layouts");
    private readonly ArticleExtractor extractor = new(new ContentSanitizer());

    public static TheoryData<string> Layouts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.html").Order()) data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Fact]
    public void There_are_at_least_ten_layouts() => Assert.True(Layouts().Count >= 10);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_layout_yields_its_article(string name)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".expected.json"))).RootElement;
        var url = new Uri(expected.GetProperty("url").GetString()!);

        var article = extractor.Extract(File.ReadAllText(Path.Combine(Folder, name + ".html")), url);

        Assert.Equal(expected.GetProperty("title").GetString(), article.Title);
        Assert.Equal(expected.GetProperty("section").GetString(), article.SectionNames.FirstOrDefault());
        Assert.Equal(Strings(expected, "blocks"), article.ContentText.Split("\n\n"));
        Assert.Equal(
            expected.GetProperty("headings").EnumerateArray().Select(h => (h[0].GetInt32(), h[1].GetString()!)),
            article.Headings.Select(h => (h.Level, h.Text)));
        foreach (var fragment in Strings(expected, "html_contains"))
            Assert.Contains(fragment, article.ContentHtml);
        foreach (var chrome in Strings(expected, "must_not_contain"))
        {
            Assert.DoesNotContain(chrome, article.ContentText);
            Assert.DoesNotContain(chrome, article.ContentHtml);
        }
        if (expected.TryGetProperty("language", out var language))
            Assert.Equal(language.GetString(), article.Language);
    }

    private static List<string> Strings(JsonElement expected, string property) =>
        expected.TryGetProperty(property, out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : [];
}
