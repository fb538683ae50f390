using System.Net;
using System.Text.RegularExpressions;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Http;

/// <summary>
/// The console's "Add a source" on an address that links no feed (issue 21): a section page that lists articles is
/// offered as a page source, previewed with the article links it would take, saved with Kind page, and polled; a page that
/// is no listing either is refused with both reasons. Over HTTP on the real host, against a loopback news site.
/// </summary>
public sealed partial class ConsolePageSourceTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer site = null!;
    private RunningHost host = null!;
    private ConsoleClient client = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        site = await LoopbackServer.StartAsync();
        config = TestConfig.Write(dir);
        host = await RunningHost.StartAsync(config, new Dictionary<string, string?> { ["Console:PasswordHash"] = ConsoleClient.PasswordHashValue.Value });
        client = new ConsoleClient(host.BaseUrl);
        await client.SignInAsync();
    }

    private async Task<(HttpStatusCode Status, string Page)> PostAsync(string path, params (string, string)[] fields)
    {
        using var response = await client.PostAsync(path, await client.TokenFromAsync("/console/sources/add"), fields);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The value of the save form's hidden field, as a browser would submit it.</summary>
    private static string? Hidden(string page, string name) =>
        Regex.Match(page, $"<input type=\"hidden\" name=\"{name}\" value=\"([^\"]*)\">") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [Fact]
    public async Task A_section_page_without_a_feed_is_offered_saved_as_a_page_source_and_polled()
    {
        var defense = new ListingSite(site, "world-defense/");
        defense.Publish("world-defense/2025/03/10/radar-upgrade-for-the-coast", "Radar upgrade approved for the northern coast", new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
        defense.Publish("world-defense/2025/03/11/frigate-trials-delayed", "Frigate trials delayed by a gearbox fault", new DateTimeOffset(2025, 3, 11, 8, 0, 0, TimeSpan.Zero));
        defense.Publish("world-defense/2025/03/12/reserve-training-overhauled", "Reserve training overhauled for next year", new DateTimeOffset(2025, 3, 12, 8, 0, 0, TimeSpan.Zero));

        var (status, page) = await PostAsync("/console/sources/discover", ("address", defense.SectionUrl.AbsoluteUri));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No feed found at that address or on its common paths. FeedHub can follow the page itself: it is a listing of 3 article links", page);
        Assert.Contains("<dd id=\"kind\">page:", page);
        // Each entry it would take: title and link (the article's own address, without the section page's utm_ parameters), in page order.
        var entries = EntryRow().Matches(page).Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), m.Groups[2].Value)).ToList();
        Assert.Equal(
            [("Reserve training overhauled for next year", site.Url("world-defense/2025/03/12/reserve-training-overhauled").AbsoluteUri),
             ("Frigate trials delayed by a gearbox fault", site.Url("world-defense/2025/03/11/frigate-trials-delayed").AbsoluteUri),
             ("Radar upgrade approved for the northern coast", site.Url("world-defense/2025/03/10/radar-upgrade-for-the-coast").AbsoluteUri)],
            entries);
        Assert.Contains("none shown", page); // the section page shows no dates
        Assert.Contains("id=\"first-article\"", page); // the first article as polling would extract it
        Assert.Equal("page", Hidden(page, "kind"));
        Assert.Equal(defense.SectionUrl.AbsoluteUri, Hidden(page, "url"));
        Assert.Contains("blank for the default, 02:00:00, a page source's)", page);

        using var saved = await client.PostAsync("/console/sources", await client.TokenFromAsync("/console/sources/add"),
            ("url", Hidden(page, "url")!), ("kind", Hidden(page, "kind")!), ("id", "loopback-defense"), ("name", "Loopback World Defense"),
            ("sections", TestConfig.Section), ("interval", ""));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("\"Kind\": \"page\"", File.ReadAllText(config));
        var source = FeedHubConfiguration.Load(config).Catalog.Sources.Single();
        Assert.Equal((SourceKind.Page, defense.SectionUrl.AbsoluteUri, (TimeSpan?)null), (source.ParsedKind, source.Url, source.Interval));
        Assert.Equal(TimeSpan.FromHours(2), FeedHubConfiguration.Load(config).ToSource(source).Interval); // a page source's default

        var (_, refreshed) = await PostAsync("/console/sources/loopback-defense/refresh");
        var store = host.Get<ArticleStore>();
        await Eventually.TrueAsync(() => store.Count("loopback-defense") == 3);
        Assert.Contains("<dd id=\"kind\">page: an HTML page whose article links are the entries</dd>", refreshed);
        Assert.Equal(["Frigate trials delayed by a gearbox fault", "Radar upgrade approved for the northern coast", "Reserve training overhauled for next year"],
            store.Find(new ArticleQuery { SourceId = "loopback-defense", Limit = 10 }).Select(a => a.Title).Order());

        var sourcePage = await client.Http.GetStringAsync("/console/sources/loopback-defense");
        Assert.Contains("<dd id=\"kind\">page:", sourcePage);
        Assert.Contains("html-listing", sourcePage); // the format a page source's polls record
        Assert.Matches("(?s)<table id=\"polls\">.*<td class=\"good\">ok</td><td>200</td>", sourcePage); // its poll history, as a feed's
    }

    [Fact]
    public async Task A_page_that_is_neither_a_feed_nor_a_listing_is_refused_with_both_reasons()
    {
        site.Serve("story.html", SeedArticle.Html, "text/html; charset=utf-8");
        var before = File.ReadAllText(config);

        var (status, page) = await PostAsync("/console/sources/discover", ("address", site.Url("story.html").AbsoluteUri));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("No feed found at that address or on its common paths, and the page itself is no listing of articles FeedHub could follow instead: "
            + "not a listing: the page reads as one article", page);
        Assert.DoesNotContain("id=\"save\"", page);
        Assert.Equal(before, File.ReadAllText(config));
    }

    [GeneratedRegex("<tr><td>([^<]*)</td><td><a href=\"([^\"]+)\">")]
    private static partial Regex EntryRow();

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
        await site.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
