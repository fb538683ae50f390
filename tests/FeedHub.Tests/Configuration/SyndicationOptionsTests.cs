using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Configuration;

/// <summary>The switches of syndicated-copy merging: on by default, off for a source, a section or everything; its window validated.</summary>
public sealed class SyndicationOptionsTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private FeedHubConfiguration Load(object? syndication = null, bool sourceMerges = true, bool sectionMerges = true) =>
        FeedHubConfiguration.Load(dir.Write("feedhub.json", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Syndication"] = syndication ?? new { },
            ["Sections"] = new object[]
            {
                new { Slug = "world", Name = "World" },
                new { Slug = "local", Name = "Local", MergeCopies = sectionMerges },
            },
            ["Sources"] = new object[]
            {
                new { Id = "wire", Url = "https://wire.example/feed", Sections = new[] { "world" } },
                new { Id = "herald", Url = "https://herald.example/feed", Sections = new[] { "world" }, MergeCopies = sourceMerges },
            },
        })));

    [Fact]
    public void Copies_are_looked_for_three_days_back_unless_the_source_the_section_or_everything_is_off()
    {
        Assert.Equal(TimeSpan.FromDays(3), Load().CopyWindow("herald", ["world"]));
        Assert.Equal(TimeSpan.FromDays(5), Load(new { Days = 5 }).CopyWindow("herald", ["world"]));
        Assert.Null(Load(sourceMerges: false).CopyWindow("herald", ["world"]));
        Assert.Equal(TimeSpan.FromDays(3), Load(sourceMerges: false).CopyWindow("wire", ["world"]));
        Assert.Null(Load(sectionMerges: false).CopyWindow("wire", ["world", "local"]));
        Assert.Null(Load(new { Enabled = false }).CopyWindow("wire", ["world"]));
    }

    [Theory]
    [InlineData("""{ "Days": 0 }""", "Syndication.Days: 0 is not between 1 and 30")]
    [InlineData("""{ "Days": "3 days" }""", "Syndication.Days: '3 days' is not a whole number")]
    [InlineData("""{ "Enabled": "no" }""", "Syndication.Enabled: 'no' is not true or false")]
    [InlineData("""{ "Window": 3 }""", "Syndication.Window")]
    public void A_bad_setting_stops_the_load_with_a_line_that_names_it(string syndication, string expected)
    {
        var path = dir.Write("bad.json", $$"""{ "Syndication": {{syndication}}, "Sections": [], "Sources": [] }""");
        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(path));
        Assert.Contains(expected, error.Message);
    }
}
