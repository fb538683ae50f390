using System.IO.Compression;
using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub extract`, run as the real executable.</summary>
public sealed class ExtractCommandTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task The_seed_page_gives_the_expected_fields()
    {
        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(
            ["extract", SeedArticle.HtmlPath, "--base-url", SeedExpectations.PageUrl, "--format", "json"]);

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        SeedExpectations.AssertMatches(JsonDocument.Parse(stdout).RootElement);
    }

    [Fact]
    public async Task A_file_that_is_no_page_is_an_error_that_says_so()
    {
        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["extract", SeedArticle.RepositoryFile("README.md"), "--format", "ndjson"]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: not an HTML page", JsonDocument.Parse(stdout).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_text_format_shows_sections_with_their_origin_and_the_outline()
    {
        var (_, stdout, _) = await FeedHubProcess.RunAsync(
            ["extract", SeedArticle.HtmlPath, "--base-url", SeedExpectations.PageUrl, "--format", "text"]);

        Assert.Contains("Sections:  World Defense (json-ld), World Defense (meta)", stdout);
        Assert.Contains("Outline:\n  Kim Jong Un Oversees Missile Test\n", stdout);
        Assert.Contains("\nNorth Korea has once again demonstrated", stdout);
    }

    [Fact]
    public async Task A_directory_batch_reports_every_page_and_a_broken_one_does_not_stop_the_rest()
    {
        var pages = Directory.CreateDirectory(dir.File("pages"));
        foreach (var page in Directory.GetFiles(SeedArticle.RepositoryFile("config", "samples", "articles"), "*.html").Order().Take(3))
            File.Copy(page, Path.Combine(pages.FullName, Path.GetFileName(page)));
        File.WriteAllText(Path.Combine(pages.FullName, "broken.html.gz"), "not gzip at all");
        File.WriteAllText(Path.Combine(pages.FullName, "notes.txt"), "not a page, so not read");

        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["extract", pages.FullName, "--format", "ndjson"]);

        var reports = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(4, reports.Count);
        Assert.Equal(1, exitCode); // one page failed
        var broken = Assert.Single(reports, r => r.GetProperty("file").GetString()!.EndsWith("broken.html.gz", StringComparison.Ordinal));
        Assert.Equal("error: not a valid gzip file", broken.GetProperty("status").GetString());
        Assert.All(reports.Where(r => !r.GetProperty("file").GetString()!.EndsWith("broken.html.gz", StringComparison.Ordinal)), r =>
        {
            Assert.Equal("extracted", r.GetProperty("status").GetString());
            Assert.True(r.GetProperty("text").GetString()!.Length > 200);
            Assert.DoesNotContain(r.GetProperty("sections").EnumerateArray(), s => s.GetProperty("origin").GetString() == "url-path"); // a file path is no section
            Assert.True(r.TryGetProperty("headings", out _));
        });
    }

    [Fact]
    public async Task Paths_can_come_from_standard_input()
    {
        var page = dir.File("seed.html.gz");
        await using (var gzip = new GZipStream(File.Create(page), CompressionLevel.Fastest))
            await gzip.WriteAsync(File.ReadAllBytes(SeedArticle.HtmlPath));

        var (exitCode, stdout, _) = await FeedHubProcess.RunAsync(["extract", "-", "--base-url", SeedExpectations.PageUrl, "--format", "ndjson"],
            stdin: page + "\n" + dir.File("missing.html") + "\n");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        SeedExpectations.AssertMatches(JsonDocument.Parse(lines[0]).RootElement);
        Assert.Equal("error: no such file or directory", JsonDocument.Parse(lines[1]).RootElement.GetProperty("status").GetString());
        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Rules_from_another_file_override_the_generic_result()
    {
        var page = dir.Write("page.html", """
            <html><body><h1>Rule Test</h1>
            <div class="dek"><p>The short real article, which this site keeps in a small box above a longer archive text.</p></div>
            <div class="story"><p>A much longer archive text that the site shows under every article, which a generic extractor would take.</p>
            <p>It goes on for several paragraphs, each of them long enough to count as prose for the generic scoring of the page.</p>
            <p>And a third paragraph, so that the generic algorithm really does take this block together with the short one.</p></div>
            </body></html>
            """);
        var rules = dir.Write("rules.json", """{ "example.org": { "Body": ".dek" } }""");
        string[] common = ["extract", page, "--base-url", "https://example.org/x/story", "--format", "json"];

        var generic = JsonDocument.Parse((await FeedHubProcess.RunAsync(common)).Stdout).RootElement;
        var ruled = JsonDocument.Parse((await FeedHubProcess.RunAsync([.. common, "--rules", rules])).Stdout).RootElement;

        Assert.Contains("archive text", generic.GetProperty("text").GetString());
        Assert.Equal("The short real article, which this site keeps in a small box above a longer archive text.", ruled.GetProperty("text").GetString());
        Assert.Equal("fallback: the page held too little text", ruled.GetProperty("status").GetString()); // short, but what the rule says
    }

    [Fact]
    public async Task A_bad_base_url_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["extract", "x.html", "--base-url", "nope"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--base-url 'nope' is not an absolute http:// or https:// URL", stderr);
    }

    public void Dispose() => dir.Dispose();
}
