using System.Globalization;
using System.Text.Json;
using FeedHub.Core.Extraction;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Extraction;

/// <summary>The article FeedHub started from (shared/seed) against what must be extracted from it.</summary>
public sealed class SeedArticleTests
{
    private static readonly Uri PageUrl = new("https://news.example.com/world-defense/north-korea-test-fires-new-missile/");

    private readonly ExtractedArticle article =
        new ArticleExtractor(new ContentSanitizer()).Extract(SeedArticle.Html, PageUrl);

    private readonly JsonElement expected = JsonDocument.Parse(SeedArticle.ExpectedJson).RootElement;

    [Fact]
    public void Metadata_matches()
    {
        Assert.Equal(expected.GetProperty("title").GetString(), article.Title);
        Assert.Equal(expected.GetProperty("byline").GetString(), article.Byline);
        Assert.Equal(DateTimeOffset.Parse(expected.GetProperty("published").GetString()!, CultureInfo.InvariantCulture), article.Published);
        Assert.Equal(expected.GetProperty("canonical_url").GetString(), article.CanonicalUrl?.AbsoluteUri);
        Assert.Equal(expected.GetProperty("lead_image").GetString(), article.LeadImage?.AbsoluteUri);
        Assert.Equal(expected.GetProperty("sections").EnumerateArray().Select(s => s.GetString()),
            article.SectionNames);
        Assert.Contains(article.Sections, s => s is { Value: "World Defense", Origin: "json-ld" });
        Assert.Contains(article.Sections, s => s is { Value: "world-defense", Origin: "url-path" });
    }

    [Fact]
    public void Headings_are_every_subheading_in_order_with_its_level()
    {
        var headings = expected.GetProperty("headings").EnumerateArray()
            .Select(h => (h.GetProperty("level").GetInt32(), h.GetProperty("text").GetString()));

        Assert.Equal(headings, article.Headings.Select(h => (h.Level, (string?)h.Text)));
        Assert.Contains("<h2>Kim Jong Un Oversees Missile Test</h2>", article.ContentHtml);
    }

    [Fact]
    public void Body_holds_every_paragraph_in_order_between_its_headings()
    {
        var paragraphs = expected.GetProperty("body_paragraphs").EnumerateArray().Select(p => p.GetString()!).ToList();
        var blocks = article.ContentText.Split("\n\n");
        var headingTexts = article.Headings.Select(h => h.Text).ToHashSet();

        Assert.Equal(paragraphs, blocks.Where(b => !headingTexts.Contains(b)));
        Assert.DoesNotContain(article.Title!, blocks); // the title is not repeated in the body
    }

    [Fact]
    public void Page_chrome_is_left_out()
    {
        foreach (var chrome in expected.GetProperty("body_must_not_contain").EnumerateArray().Select(c => c.GetString()!))
        {
            Assert.DoesNotContain(chrome, article.ContentText);
            Assert.DoesNotContain(chrome, article.ContentHtml);
        }
        Assert.DoesNotContain("<script", article.ContentHtml);
        Assert.DoesNotContain("<form", article.ContentHtml);
    }
}
