using FeedHub.Core.Fetching;

namespace FeedHub.Tests.Fetching;

/// <summary>robots.txt read as RFC 9309 says, for FeedHub's product token.</summary>
public sealed class RobotsTxtTests
{
    private static bool Allows(string robots, string path) =>
        RobotsTxt.Parse(robots, "FeedHub").Allows(new Uri("https://news.example.com" + path));

    [Theory]
    [InlineData("/news/story.html", true)]
    [InlineData("/private/story.html", false)]
    [InlineData("/private/public/story.html", true)] // the longer Allow wins
    [InlineData("/private/public/secret/x", false)] // and a longer Disallow again
    [InlineData("/search?q=x", false)]
    [InlineData("/a/print.pdf", false)]
    [InlineData("/a/print.pdf.html", true)] // "$" anchors the end
    public void The_longest_matching_rule_decides(string path, bool allowed)
    {
        const string robots = """
            # comment
            User-agent: *
            Disallow: /private/
            Allow: /private/public/
            Disallow: /private/public/secret/
            Disallow: /search
            Disallow: /*.pdf$
            """;
        Assert.Equal(allowed, Allows(robots, path));
    }

    [Fact]
    public void An_allow_as_long_as_a_disallow_wins() =>
        Assert.True(Allows("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));

    [Fact]
    public void FeedHubs_own_group_replaces_the_star_group_and_groups_for_it_are_merged()
    {
        const string robots = """
            User-agent: *
            Disallow: /

            User-agent: Googlebot
            User-agent: feedhub
            Disallow: /drafts/
            Crawl-delay: 2.5

            User-agent: FeedHub/2.0
            Disallow: /tmp/
            """;
        var rules = RobotsTxt.Parse(robots, "FeedHub");
        Assert.True(rules.Allows(new Uri("https://x.test/news/1")));
        Assert.False(rules.Allows(new Uri("https://x.test/drafts/1")));
        Assert.False(rules.Allows(new Uri("https://x.test/tmp/1")));
        Assert.Equal(TimeSpan.FromSeconds(2.5), rules.CrawlDelay);
        Assert.False(RobotsTxt.Parse(robots, "OtherBot").Allows(new Uri("https://x.test/news/1")));
        Assert.Null(RobotsTxt.Parse(robots, "OtherBot").CrawlDelay);
    }

    [Fact]
    public void Other_crawlers_rules_and_an_empty_disallow_restrict_nothing()
    {
        Assert.True(Allows("User-agent: Googlebot\nDisallow: /\n", "/news"));
        Assert.True(Allows("User-agent: *\nDisallow:\n", "/news"));
        Assert.True(Allows("", "/news"));
    }

    [Fact]
    public void Many_wildcards_are_matched_without_an_exponential_search()
    {
        // 40 stars against 2,000 characters: a search that tries every split would not finish.
        var robots = "User-agent: *\nDisallow: /" + string.Concat(Enumerable.Repeat("*a", 40)) + "b\n";
        Assert.True(Allows(robots, "/" + new string('a', 2000)));
        Assert.False(Allows(robots, "/" + new string('a', 2000) + "b"));
    }
}
