using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub parse` on an HTML page, run as the real executable: the entries a page source would take, and why others are left out.</summary>
public sealed class ParsePageCommandTests
{
    private static string Listing(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Listings", name + ".html");

    [Fact]
    public async Task A_listing_page_shows_its_entries_and_with_explain_every_link_left_out_and_why()
    {
        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(
            ["parse", Listing("most-read-and-footer"), "--base-url", "https://herald.example.co.uk/uk-news", "--explain"]);

        Assert.Equal((0, ""), (exitCode, stderr));
        Assert.StartsWith("html-listing, 6 entries: UK news | The Herald\na listing of 6 article links\n\n(no date)             Rail fares", stdout);
        Assert.Contains("https://herald.example.co.uk/uk-news/2025/mar/12/rail-fares-rise-above-inflation", stdout);
        Assert.Contains("left out (", stdout);
        Assert.Matches(@"in a ""most read"" box +https://herald\.example\.co\.uk/world/2025/mar/09/volcano-erupts-near-resort  ""Volcano erupts near holiday resort""", stdout);
        Assert.Matches(@"in the page footer +https://herald\.example\.co\.uk/help/terms-of-service  ""Terms of service""", stdout);
    }

    [Fact]
    public async Task A_page_that_is_not_a_listing_fails_with_the_reason_and_json_has_the_same()
    {
        const string url = "https://www.dailyledger.example/world/2025/03/12/talks-resume-in-geneva-after-ceasefire";
        var (plainExit, plainOut, plainError) = await FeedHubProcess.RunAsync(["parse", Listing("not-a-listing"), "--base-url", url]);
        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["parse", Listing("not-a-listing"), "--base-url", url, "--explain", "--format", "json"]);

        Assert.Equal((1, ""), (plainExit, plainOut));
        Assert.Contains("not a feed: the document is an HTML page, and it links no feed", plainError);
        Assert.Contains("as a page source: not a listing: the page reads as one article", plainError);

        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(1, exitCode);
        Assert.False(report.GetProperty("is_listing").GetBoolean());
        Assert.StartsWith("not a listing: the page reads as one article", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("entries").GetArrayLength());
    }
}
