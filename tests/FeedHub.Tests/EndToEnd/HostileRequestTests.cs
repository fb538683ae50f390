using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// What an anonymous reader's request can make the real host do: a search's cost is bounded before it reaches
/// the index (issue 14, item 2), on every path where reader's words become a full-text query, the CLI's included.
/// </summary>
public sealed class HostileRequestTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly HttpClient http = new();
    private LoopbackServer upstream = null!;
    private RunningHost host = null!;
    private string configPath = null!;

    /// <summary>400 one-letter prefixes: 9 s of CPU on 8 articles before the limits, and on after the client left.</summary>
    private static readonly string PrefixFlood = string.Join('+', Enumerable.Repeat("a*", 400));

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("feed.xml", Feeds.Rss(new Feeds.Item("g1", "Baltic defence talks", upstream.Url("nopage"), "<p>Ministers met about the Baltic.</p>")), "application/rss+xml");
        configPath = TestConfig.Write(dir, ("good", upstream.Url("feed.xml"), "01:00:00"));
        host = await RunningHost.StartAsync(configPath);
        await Eventually.TrueAsync(() => host.Get<Core.Storage.ArticleStore>().Count() == 1);
    }

    [Theory]
    [InlineData("api/search?q=")]
    [InlineData("api/articles?q=")]
    [InlineData("feeds?q=")]
    public async Task A_flood_of_prefix_words_is_a_400_that_says_what_was_too_much(string path)
    {
        using var response = await http.GetAsync(host.Url(path + PrefixFlood));

        await Problems.AssertAsync(response, 400, "q: it has 400 words; a search takes at most 20");
    }

    [Theory]
    [InlineData("api/search?q=ba*", "'ba*' is too short a prefix")]
    [InlineData("feeds?q=bal*+def*+tal*+min*+met*", "it has 5 prefix words (ending in *); a search takes at most 4")]
    public async Task Short_and_numerous_prefixes_are_refused(string path, string detail)
    {
        using var response = await http.GetAsync(host.Url(path));

        await Problems.AssertAsync(response, 400, detail);
    }

    [Theory]
    [InlineData("api/search?q=balt*+defence")]
    [InlineData("api/articles?q=balt*+defence")]
    [InlineData("feeds?q=balt*+defence&format=json")]
    public async Task A_search_within_the_limits_still_finds(string path)
    {
        Assert.Contains("Baltic defence talks", await http.GetStringAsync(host.Url(path)));
    }

    [Fact]
    public async Task The_search_command_refuses_the_flood_with_one_line_and_exit_2()
    {
        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["search", PrefixFlood.Replace('+', ' '), "--config", configPath]);

        Assert.Equal(2, exitCode);
        Assert.Contains("terms: it has 400 words; a search takes at most 20", stderr);
        Assert.Equal("", stdout);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await upstream.DisposeAsync();
        http.Dispose();
    }

    public void Dispose() => dir.Dispose();
}
