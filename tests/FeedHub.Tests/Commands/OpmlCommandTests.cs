using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub sources import` and `export` through the real executable (issue 17 item 8).</summary>
public sealed class OpmlCommandTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private string WriteConfig(string name, string sources) => dir.Write(name, $$"""
        {
          "Store": { "Path": "{{dir.File("feedhub.db")}}" },
          "Sections": [ { "Slug": "news", "Name": "News" }, { "Slug": "tech", "Name": "Technology" } ],
          "Sources": [ {{sources}} ]
        }
        """);

    [Fact]
    public async Task Each_outline_is_imported_or_skipped_with_its_reason_and_one_bad_outline_costs_only_itself()
    {
        var config = WriteConfig("feedhub.json", """{ "Id": "a", "Url": "https://a.example/feed", "Section": "news" }""");
        var opml = dir.Write("mixed.opml", """
            <?xml version="1.0"?>
            <opml version="2.0" xmlns:feedhub="https://feedhub.example/opml"><head><title>Mixed</title></head><body>
              <outline type="rss" text="Good" xmlUrl="https://good.example/feed" category="/tech" />
              <outline type="link" text="A web page" htmlUrl="https://page.example/" />
              <outline type="rss" text="Gopher" xmlUrl="gopher://old.example/feed" />
              <outline type="rss" text="Good again" xmlUrl="https://good.example/feed" />
              <outline type="rss" text="Known" xmlUrl="https://a.example/feed" />
              <outline text="Sport">
                <outline type="rss" text="Football" xmlUrl="https://football.example/rss" />
              </outline>
              <outline type="rss" text="Every three" xmlUrl="https://three.example/feed" feedhub:interval="3" />
              <outline type="rss" text="Too often" xmlUrl="https://often.example/feed" feedhub:interval="00:00:05" />
              <outline type="rss" text="Uncategorised" xmlUrl="https://plain.example/feed" />
            </body></opml>
            """);

        var (exitCode, report, stderr) = await FeedHubProcess.RunAsync(["sources", "import", opml, "--config", config]);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal($"""
            imported 2 of 9 outlines into {config}; skipped 7
              line 3: imported good: https://good.example/feed -> tech
              line 4: skipped 'A web page': no xmlUrl (not a feed)
              line 5: skipped 'Gopher': xmlUrl: 'gopher://old.example/feed' is not an absolute http:// or https:// URL
              line 6: skipped 'Good again': the same xmlUrl as line 3
              line 7: skipped 'Known': already configured as source 'a'
              line 9: skipped 'Football': category 'Sport' names no configured section (--section SLUG files such feeds there)
              line 11: skipped 'Every three': feedhub:interval '3' is not a duration such as 00:15:00 (hh:mm:ss)
              line 12: skipped 'Too often': Interval: 00:00:05 is shorter than the minimum interval 00:01:00 (Polling.MinInterval)
              line 13: imported uncategorised: https://plain.example/feed -> no section

            """, report.ReplaceLineEndings("\n"));
        Assert.Equal(["a", "good", "uncategorised"], FeedHubConfiguration.Load(config).Catalog.Sources.Select(s => s.Id));
    }

    [Fact]
    public async Task Export_then_import_gives_back_the_same_sources()
    {
        var original = WriteConfig("original.json", """
            { "Id": "wire", "Name": "The Wire", "Url": "https://wire.example/rss", "Sections": [ "news", "tech" ], "Interval": "00:15:00" },
            { "Id": "quiet", "Url": "https://quiet.example/atom", "Section": "tech", "Interval": "1.00:00:00", "Enabled": false },
            { "Id": "plain", "Name": "Plain & Simple", "Url": "https://plain.example/feed?a=1&b=2" }
            """);
        var empty = WriteConfig("empty.json", "");

        var (exportCode, exported, _) = await FeedHubProcess.RunAsync(["sources", "export", "--config", original]);
        var (importCode, report, stderr) = await FeedHubProcess.RunAsync(["sources", "import", dir.Write("export.opml", exported), "--config", empty]);

        Assert.Equal(0, exportCode);
        Assert.True(importCode == 0, stderr);
        Assert.Contains("imported 3 of 3 outlines", report);
        Assert.Equal(Describe(original), Describe(empty));
        Assert.Contains("feedhub:enabled=\"false\"", exported);
    }

    /// <summary>Every field of every source, as FeedHub reads them.</summary>
    private static string[] Describe(string config) =>
        FeedHubConfiguration.Load(config).Catalog.Sources
            .Select(s => $"{s.Id}|{s.Name}|{s.Url}|{string.Join(',', s.AllSections())}|{s.Interval}|{s.Enabled}").ToArray();

    public void Dispose() => dir.Dispose();
}
