using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub parse`, run as the real executable, on feeds from a loopback server and from files.</summary>
public sealed class ParseCommandTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task A_feed_url_is_fetched_and_its_entries_listed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "First story", server.Url("one.html")), new Feeds.Item("g2", "Second story", server.Url("two.html"))),
            "application/rss+xml");
        var config = TestConfig.Write(dir);

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["parse", server.Url("feed.xml").AbsoluteUri, "--config", config]);

        Assert.Equal((0, ""), (exitCode, stderr));
        Assert.StartsWith("rss20, utf-8, 2 entries: Test feed http://example.test/", stdout);
        Assert.Contains("g2  2025-03-21T09:14:00Z  Second story  " + server.Url("two.html").AbsoluteUri, stdout);
    }

    [Fact]
    public async Task A_broken_feed_file_is_read_leniently_and_says_so()
    {
        var file = dir.Write("broken.xml", "<rss version=\"2.0\"><channel><title>Caf&eacute;</title><item><guid>1</guid><title>Fish & chips</title></item></channel></rss>");

        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["parse", file, "--format", "json"]);

        Assert.Equal(0, exitCode);
        var feed = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("Café", feed.GetProperty("title").GetString());
        Assert.StartsWith("not well-formed XML", feed.GetProperty("ill_formed").GetString());
        Assert.Equal("Fish & chips", feed.GetProperty("entries")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_page_instead_of_a_feed_names_the_feed_it_links()
    {
        var file = dir.Write("page.html", "<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed/\"></head><body></body></html>");

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["parse", file, "--base-url", "https://blog.example.com/"]);

        Assert.Equal((1, ""), (exitCode, stdout));
        Assert.Contains("not a feed: the document is an HTML page; it links a feed at https://blog.example.com/feed/", stderr);
    }

    public void Dispose() => dir.Dispose();
}
