using FeedHub.Core.Listings;
using FeedHub.Core.Model;
using FeedHub.Corpora;

namespace FeedHub.Tests.Listings;

/// <summary>The listing finder over the listing pages of TestData/Listings, each with the article links a reader expects of it.</summary>
public sealed class ListingFinderTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Listings");

    private static ListingPages.Page Page(string name) => ListingPages.Load(Folder).Single(p => p.Name == name);

    [Fact]
    public void Over_the_listing_pages_precision_is_at_least_0_95_and_recall_at_least_0_9()
    {
        var scores = ListingPages.ScoreAll(Folder);
        var (precision, recall) = ListingPages.Pooled(scores);

        Assert.True(scores.Count >= 10, $"only {scores.Count} listing pages");
        var misses = string.Join("\n", scores.SelectMany(s => s.Wrong.Select(w => $"{s.Page.Name}: taken {w}").Concat(s.Missed.Select(m => $"{s.Page.Name}: missed {m}"))));
        Assert.True(precision >= 0.95, $"precision {precision:0.000}\n{misses}");
        Assert.True(recall >= 0.9, $"recall {recall:0.000}\n{misses}");
        Assert.All(scores, s => Assert.Equal(s.Page.IsListing, s.Found.IsListing));
    }

    [Fact]
    public void A_page_that_is_not_a_listing_gives_no_entries_and_says_why()
    {
        var page = Page("not-a-listing");

        var listing = ListingFinder.Find(page.Html, page.Url);

        Assert.Empty(listing.Items);
        Assert.StartsWith("not a listing: the page reads as one article", listing.Status);
        Assert.Contains(listing.LeftOut, l => l.Href.EndsWith("/world/", StringComparison.Ordinal) && l.Reason == "in the navigation");
    }

    [Fact]
    public void Links_come_in_page_order_without_tracking_parameters_each_once_with_what_the_listing_shows()
    {
        var tracked = Page("tracking-parameters");
        var wordpress = Page("wordpress-category");

        var science = ListingFinder.Find(tracked.Html, tracked.Url);
        var blog = ListingFinder.Find(wordpress.Html, wordpress.Url);

        Assert.Equal(tracked.Expected, science.Items.Select(i => i.Url.AbsoluteUri)); // each linked twice, by image and by headline
        Assert.Equal("Deep-sea vents host microbes never seen before", science.Items[0].Title);
        var first = blog.Items[0];
        Assert.Equal(("Coastal radar network gets a second upgrade", new DateTimeOffset(2025, 3, 14, 8, 10, 0, TimeSpan.Zero)), (first.Title, first.Published));
        Assert.StartsWith("The ministry confirmed a contract", first.Summary);
        Assert.Equal("https://blog.example.org/wp-content/uploads/2025/03/thumb-0.jpg", first.Image?.AbsoluteUri);
    }

    [Fact]
    public void Each_left_out_link_says_why()
    {
        var herald = Page("most-read-and-footer");
        var blog = Page("wordpress-category");

        var reasons = ListingFinder.Find(herald.Html, herald.Url).LeftOut.Concat(ListingFinder.Find(blog.Html, blog.Url).LeftOut)
            .ToLookup(l => l.Href, l => l.Reason);

        Assert.Contains("in a \"most read\" box", reasons["https://herald.example.co.uk/world/2025/mar/09/volcano-erupts-near-resort"]);
        Assert.Contains("in the page footer", reasons["https://herald.example.co.uk/uk-news/2024/dec/31/the-year-in-review"]);
        Assert.Contains("in a sidebar", reasons["https://blog.example.org/2025/03/15/port-strike-enters-third-day/"]);
        Assert.Contains("in the navigation", reasons["https://blog.example.org/category/defense/page/2/"]);
        Assert.Contains("links to a site page, not an article (/author/)", reasons["https://blog.example.org/author/mara-ellis/"]);
    }

    [Fact]
    public void A_page_of_thousands_of_links_is_read_in_linear_time()
    {
        var items = string.Concat(Enumerable.Range(0, 3000).Select(i =>
            $"<div class=\"item\"><h3><a href=\"/news/2025/03/story-number-{i}-of-the-day\">Story number {i} of the day</a></h3><p>A line of summary for the story.</p></div>"));
        var html = $"<html><body><div class=\"wrap\"><div class=\"col\"><section>{items}</section></div></div></body></html>";
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var listing = ListingFinder.Find(html, new Uri("https://big.example.com/news/"));

        Assert.Equal(ListingFinder.MaxLinks, listing.Items.Count);
        // Linear: about a second on a busy two-core machine; finding each block by searching its ancestors' links took 15 s.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Selectors_choose_the_blocks_the_link_the_title_and_the_date_where_the_finder_would_not()
    {
        const string html = """
            <html><body><table class="board">
              <tr class="row"><td class="when">2025-03-12T10:00:00Z</td><td><a href="/notice?n=1">Boiler room closed</a></td><td><a class="go" href="/n/1">open</a></td></tr>
              <tr class="row"><td class="when">2025-03-11T09:00:00Z</td><td><a href="/notice?n=2">Lift repaired</a></td><td><a class="go" href="/n/2">open</a></td></tr>
            </table></body></html>
            """;
        var url = new Uri("https://intranet.example.org/notices");

        var generic = ListingFinder.Find(html, url);
        var chosen = ListingFinder.Find(html, url, new ListingSelectors("tr.row", Link: "a.go", Title: "td:nth-child(2)", Date: ".when"));

        Assert.False(generic.IsListing); // short titles, addresses without a slug, date or long number: nothing an article has
        Assert.Equal(["https://intranet.example.org/n/1", "https://intranet.example.org/n/2"], chosen.Items.Select(i => i.Url.AbsoluteUri));
        Assert.Equal(("Boiler room closed", new DateTimeOffset(2025, 3, 12, 10, 0, 0, TimeSpan.Zero)), (chosen.Items[0].Title, chosen.Items[0].Published));
        Assert.Equal("not a listing: the Items selector 'li.story' matches nothing on the page", ListingFinder.Find(html, url, new ListingSelectors("li.story")).Status);
    }
}
