using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;

namespace FeedHub.Tests.Publishing;

/// <summary>A story other outlets carry: each other outlet's page linked once in the content, its own link and tracking variants not.</summary>
public sealed class StoryOutletsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly Article Story = new()
    {
        Id = StableId.ForArticle("wire", "w1"),
        SourceId = "wire",
        Guid = "w1",
        Url = new Uri("https://wire.example/strike"),
        Title = "Dock strike",
        ContentHtml = "<p>Dock workers walked out.</p>",
        Extraction = ExtractionOutcome.Extracted,
        FetchedAt = Now,
        Outlets =
        [
            new StoryOutlet("wire", new Uri("https://wire.example/strike"), "Dock strike"),
            new StoryOutlet("digest", new Uri("https://wire.example/strike?utm_source=digest"), "Dock strike", "canonical-url"),
            new StoryOutlet("courier", new Uri("https://courier.example/port?id=7&amp=1"), "Port <paralysed>", "text: ...", 0.83),
        ],
    };

    private static string Write(FeedFormat format) => System.Text.Encoding.UTF8.GetString(new FeedWriter().Write(
        new FeedDocument("id", "World", null, new Uri("https://hub.example/feeds/world." + FeedFormats.Extension(format)), null, [Story]), format, Now));

    [Fact]
    public void Rss_and_atom_content_ends_with_the_other_outlets_pages_only()
    {
        XNamespace content = "http://purl.org/rss/1.0/modules/content/";
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var rss = (string)XDocument.Parse(Write(FeedFormat.Rss)).Descendants(content + "encoded").Single();
        var entry = (string)XDocument.Parse(Write(FeedFormat.Atom)).Descendants(atom + "content").Single();
        foreach (var html in new[] { rss, entry })
        {
            Assert.StartsWith("<p>Dock workers walked out.</p>", html);
            Assert.Contains("<a href=\"https://courier.example/port?id=7&amp;amp=1\">Port &lt;paralysed&gt;</a> (courier)", html);
            Assert.DoesNotContain("utm_source", html);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<a href="));
        }
    }

    [Fact]
    public void Json_feed_lists_every_outlet_with_its_link_and_why_it_joined()
    {
        using var json = JsonDocument.Parse(Write(FeedFormat.Json));
        var feedhub = json.RootElement.GetProperty("items")[0].GetProperty("_feedhub");
        var outlets = feedhub.GetProperty("outlets").EnumerateArray().ToList();
        Assert.Equal(["wire", "digest", "courier"], outlets.Select(o => o.GetProperty("source").GetString()));
        Assert.Equal("https://courier.example/port?id=7&amp=1", outlets[2].GetProperty("url").GetString());
        Assert.Equal(0.83, outlets[2].GetProperty("similarity").GetDouble());
        Assert.Equal("canonical-url", outlets[1].GetProperty("merged_by").GetString());
        Assert.False(outlets[0].TryGetProperty("merged_by", out _));
        Assert.Equal("<p>Dock workers walked out.</p>", json.RootElement.GetProperty("items")[0].GetProperty("content_html").GetString());
    }
}
