using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Benchmarks.Storage;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// The real host polling three outlets' feeds from a loopback server: one wire story under three URLs (each outlet's own
/// headline and boilerplate around the same body) and one other story on the same subject, written independently. The
/// section feed lists two items, the first carried by the three outlets with each one's own link.
/// </summary>
public sealed class SyndicatedStoriesTests : IAsyncLifetime, IDisposable
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly string[] Outlets = ["courier", "gazette", "herald"];
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        var story = SyndicationSet.Items.First(i => i.Story == "wire-0").Text;
        var other = SyndicationSet.Items.First(i => i.Story == "own-strike").Text;
        var storyDate = new DateTimeOffset(2025, 3, 21, 10, 0, 0, TimeSpan.Zero);
        foreach (var outlet in Outlets)
        {
            upstream.Serve($"{outlet}/strike.html", Page(outlet, $"{outlet}: Linmouth port strike", story), "text/html; charset=utf-8");
            var items = new List<Feeds.Item> { new($"{outlet}-1", $"{outlet} headline: dockers walk out", upstream.Url($"{outlet}/strike.html"), Published: storyDate) };
            if (outlet == "herald")
            {
                upstream.Serve("herald/own.html", Page(outlet, "Crane crews down tools", other), "text/html; charset=utf-8");
                items.Add(new Feeds.Item("herald-2", "Crane crews down tools at Linmouth", upstream.Url("herald/own.html"), Published: storyDate.AddHours(-1)));
            }
            upstream.Serve($"{outlet}.xml", Feeds.Rss([.. items]), "application/rss+xml");
        }
    }

    /// <summary>Starts the host on the three outlets, and waits until each has been polled.</summary>
    private async Task StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        host = await RunningHost.StartAsync(TestConfig.Write(dir, Outlets.Select(o => (o, upstream.Url(o + ".xml"), "01:00:00")).ToArray()), overrides);
        await Eventually.TrueAsync(() => Outlets.All(o => host.Get<ArticleStore>().CountBySource().GetValueOrDefault(o) > 0));
    }

    [Fact]
    public async Task The_section_feed_lists_the_syndicated_story_once_with_its_three_outlets_and_the_other_story_apart()
    {
        await StartAsync();
        using var json = JsonDocument.Parse(await http.GetStringAsync(host.Url($"feeds/{TestConfig.Section}.json")));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var first = items[0].GetProperty("_feedhub");
        Assert.Equal(Outlets, first.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).Order());
        var outlets = first.GetProperty("outlets").EnumerateArray().ToList();
        Assert.Equal(Outlets.Select(o => upstream.Url($"{o}/strike.html").AbsoluteUri),
            outlets.Select(o => o.GetProperty("url").GetString()).Order());
        Assert.Equal(2, outlets.Count(o => o.TryGetProperty("merged_by", out var rule) && rule.GetString()!.StartsWith("text:", StringComparison.Ordinal)));
        Assert.Equal(["herald"], items[1].GetProperty("_feedhub").GetProperty("sources").EnumerateArray().Select(s => s.GetString()));

        // RSS and Atom: the item's own link, and the other two outlets' pages in the content's footer.
        var itemLink = items[0].GetProperty("url").GetString()!;
        var rss = XDocument.Parse(await http.GetStringAsync(host.Url($"feeds/{TestConfig.Section}.rss"))).Descendants("item").ToList();
        Assert.Equal(2, rss.Count);
        var atom = XDocument.Parse(await http.GetStringAsync(host.Url($"feeds/{TestConfig.Section}.atom"))).Descendants(Atom + "entry").ToList();
        Assert.Equal(2, atom.Count);
        foreach (var content in new[] { (string)rss[0].Element(Content + "encoded")!, (string)atom[0].Element(Atom + "content")! })
            foreach (var outlet in Outlets.Select(o => upstream.Url($"{o}/strike.html").AbsoluteUri).Where(u => u != itemLink))
                Assert.Contains($"<a href=\"{outlet}\">", content);

        // The API says why the copies were merged.
        var id = items[0].GetProperty("id").GetString()!["urn:uuid:".Length..];
        using var api = JsonDocument.Parse(await http.GetStringAsync(host.Url("api/articles/" + id)));
        var copies = api.RootElement.GetProperty("outlets").EnumerateArray().Where(o => o.TryGetProperty("merged_by", out var rule) && rule.ValueKind == JsonValueKind.String).ToList();
        Assert.Equal(2, copies.Count);
        Assert.All(copies, c => Assert.InRange(c.GetProperty("similarity").GetDouble(), 0.5, 1));
    }

    [Theory]
    [InlineData("Sections:0:MergeCopies")]
    [InlineData("Syndication:Enabled")]
    public async Task With_merging_turned_off_every_outlets_copy_is_its_own_item(string key)
    {
        await StartAsync(new Dictionary<string, string?> { [key] = "false" });

        using var json = JsonDocument.Parse(await http.GetStringAsync(host.Url($"feeds/{TestConfig.Section}.json")));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, items.Count);
        Assert.All(items, i => Assert.Single(i.GetProperty("_feedhub").GetProperty("outlets").EnumerateArray()));
    }

    /// <summary>An outlet's page: its own masthead, headline, credit line and footer around the story's paragraphs.</summary>
    private static string Page(string outlet, string headline, string text) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(headline)} | {outlet}</title></head>
        <body>
          <header><nav><a href="/">{outlet} home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
          <article>
            <h1>{WebUtility.HtmlEncode(headline)}</h1>
            <p class="credit">{outlet} staff and wire services</p>
            {string.Concat(text.Split("\n\n").Select(p => "<p>" + WebUtility.HtmlEncode(p) + "</p>\n"))}
            <p>Read more news from the {outlet} every morning in our newsletter.</p>
          </article>
          <footer>Copyright 2026 {outlet}. All rights reserved.</footer>
        </body></html>
        """;

    public async Task DisposeAsync()
    {
        if (host is not null) await host.DisposeAsync();
        await upstream.DisposeAsync();
        http.Dispose();
    }

    public void Dispose() => dir.Dispose();
}
