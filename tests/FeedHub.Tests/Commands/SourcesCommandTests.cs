using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub sources ...` editing a config file with comments, through the real executable.</summary>
public sealed class SourcesCommandTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly string config;

    public SourcesCommandTests()
    {
        config = dir.Write("feedhub.json", $$"""
            {
              // The store for this test.
              "Store": { "Path": "{{dir.File("feedhub.db")}}" },
              "Sections": [ { "Slug": "news", "Name": "News" }, { "Slug": "tech", "Name": "Technology" } ],
              "Sources": [
                // First: kept exactly as written, comment and layout.
                { "Id": "a", "Url": "https://a.example/feed", "Section": "news" },
                {
                  "Id": "b",
                  "Url": "https://b.example/feed"
                }
              ]
            }
            """);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) => FeedHubProcess.RunAsync([.. args, "--config", config]);

    [Fact]
    public async Task Add_disable_enable_and_remove_edit_only_what_they_must()
    {
        Assert.Equal(0, (await Run("sources", "add", "--id", "c", "--url", "https://c.example/rss", "--section", "tech", "--interval", "00:15:00")).ExitCode);
        Assert.Equal(0, (await Run("sources", "disable", "b")).ExitCode);
        var text = File.ReadAllText(config);
        var configuration = FeedHubConfiguration.Load(config);

        Assert.Equal(["a", "b", "c"], configuration.Catalog.Sources.Select(s => s.Id)); // order kept, the new one last
        Assert.Contains("// The store for this test.", text);
        Assert.Contains("// First: kept exactly as written, comment and layout.\n    { \"Id\": \"a\", \"Url\": \"https://a.example/feed\", \"Section\": \"news\" },", text);
        Assert.False(configuration.Catalog.Sources[1].Enabled);
        Assert.Equal(TimeSpan.FromMinutes(15), configuration.Catalog.Sources[2].Interval);

        Assert.Equal(0, (await Run("sources", "enable", "b")).ExitCode);
        Assert.Equal(0, (await Run("sources", "remove", "a")).ExitCode);
        configuration = FeedHubConfiguration.Load(config);
        Assert.Equal(["b", "c"], configuration.Catalog.Sources.Select(s => s.Id));
        Assert.True(configuration.Catalog.Sources[0].Enabled);
    }

    [Fact]
    public async Task An_edit_that_would_break_the_config_is_refused_and_changes_nothing()
    {
        var before = File.ReadAllText(config);

        var (badSection, _, badSectionError) = await Run("sources", "add", "--id", "x", "--url", "https://x.example/", "--section", "sport");
        var (duplicate, _, duplicateError) = await Run("sources", "add", "--id", "a", "--url", "https://x.example/");
        var (missing, _, missingError) = await Run("sources", "remove", "nope");
        var (bareNumber, _, bareNumberError) = await Run("sources", "add", "--id", "x", "--url", "https://x.example/", "--interval", "3");

        Assert.Equal([2, 2, 2, 2], new[] { badSection, duplicate, missing, bareNumber });
        Assert.Contains("--interval '3' is not a duration such as 00:30:00", bareNumberError); // it was taken as three days
        Assert.Contains("'sport' is not a section defined under Sections (the file was not changed)", badSectionError);
        Assert.Contains("a source with the id 'a' exists already", duplicateError);
        Assert.Contains("no source has the id 'nope'", missingError);
        Assert.Equal(before, File.ReadAllText(config));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task Opml_round_trips_sources_and_sections()
    {
        var (exportCode, opml, _) = await Run("sources", "export");
        var other = dir.Write("other.opml", """
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>My reader</title></head><body>
              <outline text="Technology">
                <outline type="rss" text="Gadget Blog" xmlUrl="https://gadgets.example/feed" />
              </outline>
              <outline type="rss" text="Daily News!" xmlUrl="https://daily.example/rss" category="/news" />
              <outline type="rss" text="Elsewhere" xmlUrl="https://elsewhere.example/feed" />
              <outline type="rss" text="Already here" xmlUrl="https://a.example/feed" />
            </body></opml>
            """);

        var (importCode, report, _) = await Run("sources", "import", other, "--section", "news");

        Assert.Equal(0, exportCode);
        Assert.Contains("xmlUrl=\"https://a.example/feed\" feedhub:id=\"a\" category=\"/news\" feedhub:sections=\"news\"", opml);
        Assert.Equal(0, importCode);
        Assert.Contains("imported 3 of 4 outlines", report);
        Assert.Contains("line 8: skipped 'Already here': already configured as source 'a'", report);
        var sources = FeedHubConfiguration.Load(config).Catalog.Sources.ToDictionary(s => s.Id);
        Assert.Equal(["tech"], sources["gadget-blog"].AllSections()); // the outline it is filed under names a section
        Assert.Equal(["news"], sources["daily-news"].AllSections()); // its category does
        Assert.Equal(["news"], sources["elsewhere"].AllSections()); // neither: --section
    }

    [Fact]
    public async Task A_broken_opml_file_is_a_clear_error()
    {
        var broken = dir.Write("broken.opml", "<opml><body><outline");

        var (exitCode, _, stderr) = await Run("sources", "import", broken);

        Assert.Equal(2, exitCode);
        Assert.Contains("broken.opml: not an OPML file we can read", stderr);
    }

    [Fact]
    public async Task Polls_of_an_id_that_no_source_has_is_an_error_not_an_empty_table()
    {
        var (exitCode, _, stderr) = await Run("sources", "polls", "nosuch");

        Assert.Equal(2, exitCode);
        Assert.Contains("no source 'nosuch' in " + config, stderr);
        Assert.Equal(0, (await Run("sources", "polls", "a")).ExitCode); // configured, not polled yet: an empty table
    }

    public void Dispose() => dir.Dispose();
}
