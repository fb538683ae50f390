using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;

namespace FeedHub.Tests.Publishing;

/// <summary>Every format, read back by an independent reader: System.ServiceModel.Syndication for RSS and Atom, the JSON Feed 1.1 rules for JSON.</summary>
public sealed class FeedWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private const string HostileTitle = "Tom & Jerry <script>alert(\"x\")</script> 'quoted' \u0001\u0008 bell\u0007 end";

    private static readonly Article Hostile = new()
    {
        Id = StableId.ForArticle("s", "g1"),
        SourceId = "s",
        Guid = "g1",
        Url = new Uri("https://example.com/a?x=1&y=2"),
        Title = HostileTitle,
        Published = new DateTimeOffset(2025, 3, 21, 9, 14, 0, TimeSpan.Zero),
        Author = "Ann \"A&B\" <Lee>\u0002",
        Summary = "<p>Short & sweet\u0003</p>",
        ContentHtml = "<h2>Part one</h2><p>Body with &amp; and \u0000 nul</p>",
        ContentText = "Part one\n\nBody with & and nul",
        Extraction = ExtractionOutcome.Extracted,
        FetchedAt = Now,
        LeadImage = new Uri("https://example.com/i.jpg"),
        Headings = [new Heading(2, "Part one")],
        Sections = [new ArticleSection("world", "source")],
    };

    private static readonly FeedDocument Document = new(StableId.ForSection("world"), "World <&> News", "All the world's news",
        new Uri("https://hub.example/feeds/world.rss"), new Uri("https://hub.example/"), [Hostile])
    {
        NextUrl = new Uri("https://hub.example/feeds/world.rss?before=x"),
    };

    private readonly FeedWriter writer = new();

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    [InlineData(FeedFormat.Json)]
    public void Enclosures_and_the_comments_page_are_published(FeedFormat format)
    {
        var podcast = Hostile with
        {
            Enclosures = [new FeedEnclosure("https://cdn.example.com/ep1.mp3", "audio/mpeg", 123456), new FeedEnclosure("https://cdn.example.com/ep1.ogg", null, null)],
            CommentsUrl = new Uri("https://example.com/a#comments"),
        };

        var text = System.Text.Encoding.UTF8.GetString(writer.Write(Document with { Articles = [podcast] }, format, Now));

        if (format == FeedFormat.Json)
        {
            var attachments = JsonDocument.Parse(text).RootElement.GetProperty("items")[0].GetProperty("attachments");
            Assert.Equal(("https://cdn.example.com/ep1.mp3", "audio/mpeg", 123456), (attachments[0].GetProperty("url").GetString(),
                attachments[0].GetProperty("mime_type").GetString(), attachments[0].GetProperty("size_in_bytes").GetInt32()));
            Assert.Equal(2, attachments.GetArrayLength());
            return;
        }
        var item = Assert.Single(SyndicationFeed.Load(XmlReader.Create(new StringReader(text))).Items);
        var enclosures = item.Links.Where(l => l.RelationshipType == "enclosure").ToList();
        Assert.Equal(new Uri("https://cdn.example.com/ep1.mp3"), enclosures[0].Uri);
        Assert.Equal(("audio/mpeg", 123456L), (enclosures[0].MediaType, enclosures[0].Length));
        Assert.Equal(format == FeedFormat.Rss ? 1 : 2, enclosures.Count); // RSS 2.0 has room for one
        Assert.Contains(format == FeedFormat.Rss ? "<comments>https://example.com/a#comments</comments>" : "rel=\"replies\" type=\"text/html\" href=\"https://example.com/a#comments\"", text);
    }

    [Theory]
    [InlineData(FeedFormat.Rss)]
    [InlineData(FeedFormat.Atom)]
    public void Xml_feeds_are_read_back_with_their_fields_and_hostile_text_intact(FeedFormat format)
    {
        var bytes = writer.Write(Document, format, Now);

        using var reader = XmlReader.Create(new MemoryStream(bytes));
        var feed = SyndicationFeed.Load(reader);
        Assert.Equal("World <&> News", feed.Title.Text);
        var item = Assert.Single(feed.Items);
        Assert.Equal("Tom & Jerry <script>alert(\"x\")</script> 'quoted'  bell end", item.Title.Text); // control characters dropped
        Assert.Equal("urn:uuid:" + Hostile.Id, item.Id);
        Assert.Equal(Hostile.Url, item.Links.First(l => l.RelationshipType is null or "alternate").Uri);
        Assert.Equal(Hostile.Published, item.PublishDate);
        Assert.Equal("world", Assert.Single(item.Categories).Name);
        var content = format == FeedFormat.Atom
            ? ((TextSyndicationContent)item.Content).Text
            : item.ElementExtensions.ReadElementExtensions<string>("encoded", "http://purl.org/rss/1.0/modules/content/").Single();
        Assert.Equal("<h2>Part one</h2><p>Body with &amp; and  nul</p>", content);
    }

    [Fact]
    public void Rss_marks_the_guid_as_not_a_permalink_and_links_self_and_next()
    {
        var xml = System.Text.Encoding.UTF8.GetString(writer.Write(Document, FeedFormat.Rss, Now));

        Assert.Contains($"<guid isPermaLink=\"false\">urn:uuid:{Hostile.Id}</guid>", xml);
        Assert.Contains("<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"https://hub.example/feeds/world.rss\" />", xml);
        Assert.Contains("<atom:link rel=\"next\"", xml);
        Assert.Contains("<dc:creator>Ann \"A&amp;B\" &lt;Lee&gt;</dc:creator>", xml);
        Assert.Contains("<pubDate>Fri, 21 Mar 2025 09:14:00 GMT</pubDate>", xml);
    }

    [Fact]
    public void Json_feed_has_the_required_fields_of_version_1_1_and_FeedHub_extension()
    {
        using var json = JsonDocument.Parse(writer.Write(Document, FeedFormat.Json, Now));
        var root = json.RootElement;

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("World <&> News", root.GetProperty("title").GetString());
        Assert.Equal("https://hub.example/feeds/world.rss?before=x", root.GetProperty("next_url").GetString());
        var item = Assert.Single(root.GetProperty("items").EnumerateArray());
        Assert.Equal("urn:uuid:" + Hostile.Id, item.GetProperty("id").GetString()); // required, a string
        Assert.True(item.TryGetProperty("content_html", out _) || item.TryGetProperty("content_text", out _)); // one is required
        Assert.Equal("2025-03-21T09:14:00Z", item.GetProperty("date_published").GetString());
        Assert.Equal("https://example.com/i.jpg", item.GetProperty("image").GetString());
        Assert.Equal("world", item.GetProperty("tags")[0].GetString());
        Assert.Equal("Ann \"A&B\" <Lee>\u0002", item.GetProperty("authors")[0].GetProperty("name").GetString());
        var extension = item.GetProperty("_feedhub");
        Assert.Equal("Part one", extension.GetProperty("headings")[0].GetProperty("text").GetString());
        Assert.Equal("source", extension.GetProperty("sections")[0].GetProperty("origin").GetString());
        Assert.Equal(["s"], extension.GetProperty("sources").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Rendering_500_items_is_well_formed()
    {
        var many = Enumerable.Range(0, 500).Select(i => Hostile with { Id = StableId.ForArticle("s", "g" + i), Guid = "g" + i }).ToList();

        foreach (var format in Enum.GetValues<FeedFormat>())
        {
            var bytes = writer.Write(Document with { Articles = many }, format, Now);
            if (format == FeedFormat.Json) Assert.Equal(500, JsonDocument.Parse(bytes).RootElement.GetProperty("items").GetArrayLength());
            else Assert.Equal(500, SyndicationFeed.Load(XmlReader.Create(new MemoryStream(bytes))).Items.Count());
        }
    }
}
