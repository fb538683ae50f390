using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub sources discover` on an address that links no feed, through the real executable, against a loopback site.</summary>
public sealed class SourcesDiscoverCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer site = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        site = await LoopbackServer.StartAsync();
        config = TestConfig.Write(dir);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Discover(Uri address) =>
        FeedHubProcess.RunAsync(["sources", "discover", address.AbsoluteUri, "--config", config]);

    [Fact]
    public async Task A_section_page_without_a_feed_is_printed_as_a_page_source_with_its_entries()
    {
        var defense = new ListingSite(site, "world-defense/");
        defense.Publish("world-defense/2025/03/10/radar-upgrade-for-the-coast", "Radar upgrade approved for the northern coast", DateTimeOffset.UnixEpoch);
        defense.Publish("world-defense/2025/03/11/frigate-trials-delayed", "Frigate trials delayed by a gearbox fault", DateTimeOffset.UnixEpoch);

        var (exitCode, stdout, stderr) = await Discover(defense.SectionUrl);

        Assert.Equal(0, exitCode);
        Assert.Equal($"{defense.SectionUrl.AbsoluteUri}\thtml-listing\tWorld Defense - Loopback News\n", stdout);
        Assert.Contains("no feed found; the page itself is a listing of 2 article links, which FeedHub can follow as a page source:", stderr);
        Assert.Matches(@"Frigate trials delayed by a gearbox fault  http://127\.0\.0\.1:\d+/world-defense/2025/03/11/frigate-trials-delayed\n", stderr);
        Assert.Contains($"add it with: feedhub sources add --kind page --id ID --url {defense.SectionUrl.AbsoluteUri}", stderr);
    }

    [Fact]
    public async Task A_page_that_is_no_listing_either_fails_with_both_reasons()
    {
        site.Serve("story.html", SeedArticle.Html, "text/html; charset=utf-8");

        var (exitCode, stdout, stderr) = await Discover(site.Url("story.html"));

        Assert.Equal((1, ""), (exitCode, stdout));
        Assert.Contains("feedhub: no feed found, and the page is not a listing: the page reads as one article", stderr);
    }

    public async Task DisposeAsync() => await site.DisposeAsync();

    public void Dispose() => dir.Dispose();
}
