using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Configuration;

public sealed class SiteRulesTests : IDisposable
{
    private readonly TempDirectory dir = new();

    // The generic algorithm takes the long "story" (most prose); the site's rule says the article is the short one.
    private const string Page = """
        <html><head><title>Rule Test</title></head><body>
        <div class="kicker">Local Politics</div>
        <h1 class="headline">The Real Headline</h1>
        <div class="dek"><p>This site puts its real article in a small box that a generic extractor would pass over for the longer text below it.</p>
        <p class="promo">Sponsored: buy our calendar, it is the best calendar you will ever buy this year.</p></div>
        <div class="story">
        <p>A much longer archive text that the site shows under every article, which a generic extractor would take for the article because it is long.</p>
        <p>It goes on for several paragraphs, each of them long enough to count as prose, so that the generic scoring prefers it to the real one.</p>
        <p>And a third paragraph, to make sure that the generic algorithm really does choose this block over the short real article above it.</p>
        </div></body></html>
        """;

    [Fact]
    public void A_site_rule_takes_precedence_for_body_title_section_and_removals()
    {
        var rules = SiteRules.Load(dir.Write("rules.json", """
            { "example.org": { "Body": ".dek", "Remove": [ ".promo" ], "Title": "h1.headline", "Section": ".kicker" } }
            """));
        var withRule = new ArticleExtractor(new ContentSanitizer(), rules);
        var generic = new ArticleExtractor(new ContentSanitizer());
        var url = new Uri("https://www.example.org/politics/story"); // a subdomain: the parent domain's rule applies

        var ruled = withRule.Extract(Page, url);
        var unruled = generic.Extract(Page, url);

        Assert.Contains("A much longer archive text", unruled.ContentText);
        Assert.DoesNotContain("archive", ruled.ContentText);
        Assert.Equal("This site puts its real article in a small box that a generic extractor would pass over for the longer text below it.", ruled.ContentText);
        Assert.Equal("The Real Headline", ruled.Title);
        Assert.Equal(new SectionCandidateView("Local Politics", "site-rule"), new SectionCandidateView(ruled.Sections[0].Value, ruled.Sections[0].Origin));
    }

    [Fact]
    public void A_host_without_a_rule_gets_the_generic_algorithm()
    {
        var rules = SiteRules.Load(dir.Write("rules.json", """{ "example.org": { "Body": ".dek" } }"""));

        Assert.Null(rules.Find("example.com"));
        Assert.Null(rules.Find("notexample.org"));
        Assert.NotNull(rules.Find("news.example.org"));
    }

    [Fact]
    public void A_bad_selector_is_refused_with_the_file_host_and_key()
    {
        var path = dir.Write("rules.json", """{ "example.org": { "Remove": [ ".ok", "div[[broken" ] } }""");

        var error = Assert.Throws<ConfigurationException>(() => SiteRules.Load(path));

        Assert.Equal($"{path}: example.org.Remove[1]: 'div[[broken' is not a valid CSS selector", error.Message);
    }

    [Fact]
    public void An_unknown_key_is_refused()
    {
        var path = dir.Write("rules.json", """{ "example.org": { "Bdy": ".x" } }""");

        var error = Assert.Throws<ConfigurationException>(() => SiteRules.Load(path));

        Assert.Equal($"{path}: example.org.Bdy: unknown key (expected one of: Body, Remove, Title, Section)", error.Message);
    }

    [Fact]
    public void The_shipped_rules_file_loads()
    {
        var rules = SiteRules.Load(Configuration.ConfigurationLoadTests.FindRepoFile("config/extraction-rules.json"));

        Assert.NotNull(rules.Find("news.example.com"));
    }

    private sealed record SectionCandidateView(string Value, string Origin);

    public void Dispose() => dir.Dispose();
}
