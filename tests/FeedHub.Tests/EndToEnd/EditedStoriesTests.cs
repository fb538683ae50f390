using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Tests.Processing;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>The real host: after a feed's item is edited, the API and every published feed show the new version, same id, its updated date.</summary>
public sealed class EditedStoriesTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private HostedFeedHub hub = null!;

    public async Task InitializeAsync()
    {
        hub = await HostedFeedHub.StartAsync((dir, upstream) =>
        {
            upstream.Serve("story.html", EditedEntriesTests.Page("Early words"), "text/html");
            upstream.Serve("feed.xml", EditedEntriesTests.Atom(upstream,
                new EditedEntriesTests.Entry("e1", "Original title", "story.html", "2025-03-21T09:00:00Z", "First")), "application/atom+xml");
            return TestConfig.Write(dir, ("s1", upstream.Url("feed.xml"), "01:00:00"));
        });
        await Eventually.TrueAsync(() => hub.Get<Core.Storage.ArticleStore>().Count() == 1);
    }

    [Fact]
    public async Task The_api_and_the_atom_rss_and_json_feeds_show_the_edited_story_with_the_same_id_and_its_updated_date()
    {
        var id = StableId.ForArticle("s1", "e1");
        var before = await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.atom")); // cached now: the edit must invalidate it
        hub.Upstream.Serve("story.html", EditedEntriesTests.Page("Corrected words"), "text/html");
        hub.Upstream.Serve("feed.xml", EditedEntriesTests.Atom(hub.Upstream,
            new EditedEntriesTests.Entry("e1", "UPDATED: Corrected title", "story.html", "2025-03-21T12:30:00Z", "Second")), "application/atom+xml");

        var outcome = await hub.Get<SourcePoller>().PollAsync(hub.Get<LiveConfiguration>().Current.EnabledSources()[0], CancellationToken.None);

        Assert.Equal(1, outcome.RevisedArticles);
        Assert.Contains("Original title", before);
        using var api = JsonDocument.Parse(await hub.Http.GetStringAsync(hub.Url("api/articles/" + id)));
        Assert.Equal("UPDATED: Corrected title", api.RootElement.GetProperty("title").GetString());
        Assert.Equal("2025-03-21T12:30:00Z", api.RootElement.GetProperty("updated").GetString()); // as every date the API writes
        Assert.Contains("Corrected words", api.RootElement.GetProperty("content_text").GetString());

        var atom = Assert.Single(XDocument.Parse(await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.atom"))).Descendants(Atom + "entry"));
        Assert.Equal(("urn:uuid:" + id, "UPDATED: Corrected title", "2025-03-21T12:30:00Z"),
            ((string?)atom.Element(Atom + "id"), (string?)atom.Element(Atom + "title"), (string?)atom.Element(Atom + "updated")));
        Assert.Contains("Corrected words", (string?)atom.Element(Atom + "content"));

        var rss = Assert.Single(XDocument.Parse(await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.rss"))).Descendants("item"));
        Assert.Equal(("urn:uuid:" + id, "UPDATED: Corrected title"), ((string?)rss.Element("guid"), (string?)rss.Element("title")));

        using var json = JsonDocument.Parse(await hub.Http.GetStringAsync(hub.Url("feeds/world-defense.json")));
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(("urn:uuid:" + id, "UPDATED: Corrected title", "2025-03-21T12:30:00Z"),
            (item.GetProperty("id").GetString(), item.GetProperty("title").GetString(), item.GetProperty("date_modified").GetString()));
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
