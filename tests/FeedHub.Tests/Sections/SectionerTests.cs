using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Sections;

namespace FeedHub.Tests.Sections;

public sealed class SectionerTests
{
    private static readonly Source Gsm = new("gsm", new Uri("https://news.example.com/feed"), "GSM", ["defense"], TimeSpan.FromMinutes(5), true);

    private static Article Article(string title = "A quiet day", string text = "Nothing happened.", string url = "https://news.example.com/misc/a",
        params SectionCandidate[] candidates) => new()
        {
            Id = "x", SourceId = "other", Guid = "g", Title = title, ContentText = text, Url = new Uri(url),
            Extraction = ExtractionOutcome.Extracted, FetchedAt = DateTimeOffset.UtcNow, SectionCandidates = candidates,
        };

    private static SectionOptions Section(string slug, SectionRuleOptions? include = null, SectionRuleOptions? exclude = null) =>
        new() { Slug = slug, Name = slug, Include = include, Exclude = exclude };

    private static IReadOnlyList<ArticleSection> Assign(Article article, Source? source, params SectionOptions[] sections) =>
        Sectioner.Assign(article, source, sections);

    [Fact]
    public void A_source_puts_its_articles_in_the_sections_it_lists()
    {
        Assert.Equal([new ArticleSection("defense", "source")], Assign(Article() with { SourceId = "gsm" }, Gsm, Section("defense"), Section("tech")));
    }

    [Theory]
    [InlineData("World Defense", "json-ld")]
    [InlineData("world-defense", "url-path")]
    [InlineData("WORLD_DEFENSE", "meta")]
    public void Page_sections_match_whatever_their_spelling(string value, string origin)
    {
        var rules = new SectionRuleOptions { PageSections = ["World Defense"] };

        var sections = Assign(Article(candidates: new SectionCandidate(value, origin)), null, Section("wd", rules));

        Assert.Equal([new ArticleSection("wd", "page-section:World Defense")], sections);
    }

    [Fact]
    public void A_breadcrumb_trail_matches_as_its_joined_path()
    {
        var rules = new SectionRuleOptions { PageSections = ["World Defense"] };
        var article = Article(candidates: [new SectionCandidate("World", "breadcrumb"), new SectionCandidate("Defense", "breadcrumb")]);

        Assert.Single(Assign(article, null, Section("wd", rules)));
    }

    [Fact]
    public void Categories_url_prefixes_keywords_and_patterns_each_match_and_say_so()
    {
        var article = Article("Missile test over the sea", "The launch was seen from the coast.", "https://news.example.com/asia/x",
            new SectionCandidate("Asia-Pacific", "feed"));

        var sections = Assign(article, null,
            Section("c", new SectionRuleOptions { Categories = ["asia pacific"] }),
            Section("u", new SectionRuleOptions { UrlPrefixes = ["https://news.example.com/asia/"] }),
            Section("k", new SectionRuleOptions { Keywords = ["missile"] }),
            Section("p", new SectionRuleOptions { Patterns = ["seen from the (coast|shore)"] }),
            Section("none", new SectionRuleOptions { Keywords = ["miss"] })); // whole words only

        Assert.Equal(["c:category:asia pacific", "u:url-prefix:https://news.example.com/asia/", "k:keyword:missile", "p:pattern:seen from the (coast|shore)"],
            sections.Select(s => s.Slug + ":" + s.Origin));
    }

    [Fact]
    public void An_exclude_rule_wins_even_over_the_source()
    {
        var article = Article("Sponsored: buy our missile model kit") with { SourceId = "gsm" };
        var section = Section("defense", exclude: new SectionRuleOptions { Keywords = ["sponsored"] });

        Assert.Empty(Assign(article, Gsm, section));
    }
}
