using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Configuration;

/// <summary>A source's Kind and listing selectors, checked at load like every other key.</summary>
public sealed class PageSourceConfigTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private string Write(string source) => dir.Write("feedhub.json", $$"""
        {
          "Store": { "Path": "{{dir.File("feedhub.db").Replace("\\", "/")}}" },
          "Sections": [ { "Slug": "world-defense", "Name": "World Defense" } ],
          "Sources": [ {{source}} ]
        }
        """);

    private string LoadError(string source) =>
        Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(Write(source))).Message;

    [Fact]
    public void A_page_source_reads_its_kind_and_selectors_and_is_polled_less_often_than_a_feed_by_default()
    {
        var configuration = FeedHubConfiguration.Load(Write("""
            { "Id": "gsm", "Url": "https://news.example.com/world-defense/", "Kind": "page", "Items": "article.teaser", "Date": "time" },
            { "Id": "wire", "Url": "https://news.example.com/feed.xml" }
            """));

        var (page, feed) = (configuration.EnabledSources()[0], configuration.EnabledSources()[1]);

        Assert.Equal((SourceKind.Page, new ListingSelectors("article.teaser", Date: "time")), (page.Kind, page.Listing));
        Assert.Equal((SourceKind.Feed, null), (feed.Kind, feed.Listing));
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromMinutes(30)), (page.Interval, feed.Interval));
    }

    [Fact]
    public void A_bad_kind_or_selector_stops_the_start_with_one_line_that_names_it()
    {
        Assert.EndsWith("Sources[0].Kind: 'html' is not a kind of source; use \"feed\" (RSS, Atom, JSON Feed) or \"page\" (an HTML page listing articles)",
            LoadError("""{ "Id": "a", "Url": "https://x.example/", "Kind": "html" }"""));
        Assert.EndsWith("Sources[0].Items: 'div[class=' is not a valid CSS selector",
            LoadError("""{ "Id": "a", "Url": "https://x.example/", "Kind": "page", "Items": "div[class=" }"""));
        Assert.EndsWith("Sources[0].Items: listing selectors are for a page source; add \"Kind\": \"page\" or remove it",
            LoadError("""{ "Id": "a", "Url": "https://x.example/", "Items": "li" }"""));
        Assert.EndsWith("Sources[0].Items: the selector of each article's block is needed when Title is given",
            LoadError("""{ "Id": "a", "Url": "https://x.example/", "Kind": "page", "Title": "h2" }"""));
    }

    public void Dispose() => dir.Dispose();
}
