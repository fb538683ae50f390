using FeedHub.Core.Configuration;
using FeedHub.Core.Publishing;

namespace FeedHub.Tests.Publishing;

/// <summary>
/// What a feed request selects decides its identity (atom:id), its title and what its cached bytes follow; how it is
/// asked for (the order of sections, the page, the format) does not change which feed it is.
/// </summary>
public sealed class FeedRequestTests
{
    private static readonly SectionOptions World = new() { Slug = "world", Name = "World", Description = "News of the world" };
    private static readonly SectionOptions Defense = new() { Slug = "defense", Name = "Defense" };
    private static readonly SourceOptions Monitor = new() { Id = "gsm", Name = "Global Security Monitor", Url = "https://news.example/feed" };

    [Fact]
    public void A_feed_is_the_same_feed_whatever_the_order_of_its_sections_its_page_or_its_format()
    {
        var one = new FeedRequest("/feeds?section=world&section=defense", FeedFormat.Atom) { Sections = [World, Defense] };
        var other = new FeedRequest("/feeds?section=defense&section=world&before=x", FeedFormat.Rss) { Sections = [Defense, World], Limit = 5 };

        Assert.Equal("defense+world", one.Identity);
        Assert.Equal(one.Identity, other.Identity);
    }

    [Fact]
    public void A_source_and_words_are_part_of_what_a_feed_is()
    {
        var all = new FeedRequest("/feeds/all.atom", FeedFormat.Atom);
        var bySource = new FeedRequest("/feeds?section=world&source=gsm", FeedFormat.Atom) { Sections = [World], Source = Monitor };
        var searched = new FeedRequest("/feeds?q=drones", FeedFormat.Atom) { Text = "drones" };

        Assert.Equal(SectionOptions.AllSlug, all.Identity);
        Assert.Equal("All sections", all.Title);
        Assert.Equal("world@gsm", bySource.Identity);
        Assert.Equal("World: Global Security Monitor", bySource.Title);
        Assert.Equal("all?q=drones", searched.Identity);
        Assert.Equal("All sections: \u201Cdrones\u201D", searched.Title);
    }

    [Fact]
    public void A_feed_of_sections_follows_those_sections_and_any_other_follows_every_change()
    {
        var sections = new FeedRequest("/feeds?section=world&section=defense", FeedFormat.Atom) { Sections = [World, Defense] };

        Assert.Equal(["world", "defense"], sections.DependsOn);
        Assert.Equal("News of the world", new FeedRequest("/feeds/world.atom", FeedFormat.Atom) { Sections = [World] }.Subtitle);
        Assert.Null(sections.Subtitle);
        Assert.Null(new FeedRequest("/feeds/all.atom", FeedFormat.Atom).DependsOn);
        Assert.Null((sections with { Source = Monitor }).DependsOn);
        Assert.Null((sections with { Text = "drones" }).DependsOn);
    }
}
