using FeedHub.Core.Extraction;

namespace FeedHub.Tests.Extraction;

/// <summary>
/// A page's relative links are relative to its <c>&lt;base href&gt;</c> when it has one, as in a browser: the body's
/// links and images, and the lead image, point where the page's readers' links point.
/// </summary>
public sealed class LinkBaseTests
{
    private static readonly Uri PageUrl = new("https://news.example.com/story/2024/05/harbour-reopens");
    private readonly ArticleExtractor extractor = new(new ContentSanitizer());

    private static string Page(string baseElement) => $"""
        <html><head>{baseElement}<title>Harbour reopens</title><meta property="og:image" content="img/lead.jpg"></head>
        <body><article><h1>Harbour reopens</h1>
        <p>The harbour reopened on Monday after three weeks of dredging, and the first ferry left at dawn with a full deck.</p>
        <p>Engineers said the channel is now deeper than before the storm, <a href="follow-up.html">as the follow-up explains</a>,
        and that the quay walls held better than the survey feared.</p>
        <p><img src="img/quay.jpg" alt="The north quay"> Traders on the quay said the weeks without ferries had cost them a season.</p>
        </article></body></html>
        """;

    [Fact]
    public void Relative_links_resolve_against_the_base_element()
    {
        var article = extractor.Extract(Page("<base href=\"/archive/\">"), PageUrl);

        Assert.Contains("href=\"https://news.example.com/archive/follow-up.html\"", article.ContentHtml);
        Assert.Contains("src=\"https://news.example.com/archive/img/quay.jpg\"", article.ContentHtml);
        Assert.Equal(new Uri("https://news.example.com/archive/img/lead.jpg"), article.LeadImage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<base href=\"javascript:alert(1)//\">")] // not a web address: the page's own stays the base
    [InlineData("<base target=\"_blank\">")]
    public void Without_a_usable_base_they_resolve_against_the_page(string baseElement)
    {
        var article = extractor.Extract(Page(baseElement), PageUrl);

        Assert.Contains("href=\"https://news.example.com/story/2024/05/follow-up.html\"", article.ContentHtml);
        Assert.Equal(new Uri("https://news.example.com/story/2024/05/img/lead.jpg"), article.LeadImage);
    }
}
