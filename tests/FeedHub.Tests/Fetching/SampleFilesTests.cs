using FeedHub.Core.Configuration;
using FeedHub.Core.Fetching;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Fetching;

/// <summary>The offline samples' origin, answered in process: no network allowance, no port, nothing outside the folder.</summary>
public sealed class SampleFilesTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private FeedFetcher Fetcher() => new(new PollingOptions(), new NetworkGuard(new NetworkOptions()), TimeProvider.System,
        new HttpOptions { SamplesPath = Path.Combine(dir.Path, "samples") });

    public SampleFilesTests()
    {
        Directory.CreateDirectory(dir.File("samples/articles"));
        dir.Write("samples/feed.xml", "<rss version=\"2.0\"><channel><title>t</title></channel></rss>");
        dir.Write("samples/articles/page.html", "<html><body><p>hello</p></body></html>");
        dir.Write("secret.txt", "outside the samples folder");
    }

    [Fact]
    public async Task The_samples_origin_is_answered_from_the_folder_with_no_network_allowed()
    {
        using var fetcher = Fetcher();

        var feed = Assert.IsType<FetchResult.Fetched>(await fetcher.FetchFeedAsync(new Uri("http://samples.feedhub.invalid/feed.xml"), null, null, default));
        var page = Assert.IsType<FetchResult.Fetched>(await fetcher.FetchPageAsync(new Uri("http://samples.feedhub.invalid/articles/page.html"), default));
        var again = await fetcher.FetchFeedAsync(feed.Url, feed.ETag, feed.LastModified, default);

        Assert.StartsWith("<rss", System.Text.Encoding.UTF8.GetString(feed.Body));
        Assert.Equal("application/xml", feed.ContentType);
        Assert.Contains("hello", page.Text);
        Assert.IsType<FetchResult.NotModified>(again); // Last-Modified is the file's, so conditional GET works as with any server
    }

    [Theory]
    [InlineData("http://samples.feedhub.invalid/../secret.txt")]
    [InlineData("http://samples.feedhub.invalid/articles/..%2f..%2fsecret.txt")]
    [InlineData("http://samples.feedhub.invalid/%2e%2e/secret.txt")]
    [InlineData("http://samples.feedhub.invalid/missing.xml")]
    public async Task Nothing_outside_the_folder_is_answered(string url)
    {
        using var fetcher = Fetcher();

        var failed = Assert.IsType<FetchResult.Failed>(await fetcher.FetchPageAsync(new Uri(url), default));

        Assert.Equal("HTTP 404 Not Found", failed.Message);
    }

    public void Dispose() => dir.Dispose();
}
