using FeedHub.Core.Extraction;

namespace FeedHub.Tests.Extraction;

public sealed class HostilePageTests
{
    private static readonly Uri Url = new("https://example.com/a/b");
    private readonly ArticleExtractor extractor = new(new ContentSanitizer());

    [Fact]
    public void Endlessly_nested_elements_do_not_exhaust_the_stack()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 30_000)) + "<p>" + new string('x', 300) + "</p>";

        var article = extractor.Extract(html, Url);

        Assert.NotNull(article.ContentHtml); // it returned; the parser's depth bound flattened the rest
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001\u0002 not html at all")]
    [InlineData("<html><body></body></html>")]
    public void Empty_and_garbage_pages_give_an_unconvincing_result_not_an_error(string html)
    {
        var article = extractor.Extract(html, Url);

        Assert.False(article.IsConvincing);
    }

    [Fact]
    public void Script_in_the_article_never_reaches_the_output()
    {
        var body = string.Concat(Enumerable.Repeat("<p>Ordinary words of an article that go on for a while, long enough to count.</p>", 5));
        var html = $"<html><body><article>{body}<p onmouseover=\"steal()\">Hover <a href=\"javascript:steal()\">here</a><script>steal()</script></p>" +
                   "<img src=\"x\" onerror=\"steal()\"><svg><script>steal()</script></svg></article></body></html>";

        var article = extractor.Extract(html, Url);

        Assert.DoesNotContain("steal", article.ContentHtml);
        Assert.Contains("Ordinary words", article.ContentHtml);
    }
}
