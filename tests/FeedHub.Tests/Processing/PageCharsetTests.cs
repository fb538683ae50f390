using System.Text;
using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Processing;

/// <summary>
/// A fetched page is decoded into a pooled buffer and parsed from there, not from a string of its own (issue 18): the
/// charset rules stay those of every other decoding (BOM, then the HTTP charset, then the page's meta charset, then UTF-8),
/// and only the page's own characters are read from a buffer that is longer than the page.
/// </summary>
public sealed class PageCharsetTests : IAsyncLifetime, IDisposable
{
    private const string Russian = "Правительство объявило о новых мерах поддержки для малых предприятий региона";

    private static readonly string Prose = string.Concat(Enumerable.Repeat($"<p>{Russian}, и это коснётся многих семей.</p>", 6));

    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;

    static PageCharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        services = TestConfig.Services(FeedHubConfiguration.Load(TestConfig.Write(dir, ("s1", server.Url("feed.xml"), "00:05:00"))));
        services.GetRequiredService<Database>().Migrate();
    }

    [Theory]
    [InlineData("windows-1251", "text/html; charset=windows-1251", "")] // by the HTTP charset
    [InlineData("windows-1251", "text/html", "<meta charset=\"windows-1251\">")] // by the page's own declaration only
    [InlineData("koi8-r", "text/html; charset=koi8-r", "<meta charset=\"windows-1251\">")] // the HTTP charset wins over the page's
    [InlineData("utf-16", "text/html", "")] // by its byte order mark
    [InlineData("utf-8", "text/html; charset=utf-8", "")]
    public async Task A_page_in_any_charset_is_extracted_as_its_text(string encoding, string contentType, string meta)
    {
        var html = $"<html><head>{meta}<title>Новости</title></head><body><article><h1>Новости</h1>{Prose}</article></body></html>";
        var bytes = Encoding.GetEncoding(encoding) is var chosen && chosen is UnicodeEncoding ? [.. chosen.GetPreamble(), .. chosen.GetBytes(html)] : chosen.GetBytes(html);
        server.Handle("story.html", async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(bytes);
        });

        var page = await services.GetRequiredService<PageExtractor>().FromUrlAsync(server.Url("story.html"), CancellationToken.None);

        Assert.True(page.IsExtracted, page.Outcome.ToString());
        Assert.Contains(Russian, page.Article!.ContentText);
        Assert.Equal("Новости", page.Article.Title);
    }

    [Fact]
    public void Only_the_given_length_of_a_longer_buffer_is_the_page()
    {
        var html = $"<html><body><article>{Prose}</article></body></html>";
        var buffer = new char[html.Length + 200];
        html.CopyTo(buffer);
        "<p>Left over from the page before, in the same pooled buffer.</p>".CopyTo(buffer.AsSpan(html.Length));
        var extractor = services.GetRequiredService<ArticleExtractor>();
        var url = new Uri("http://news.example/story");

        var fromBuffer = extractor.Extract(buffer, html.Length, url, CancellationToken.None);

        Assert.DoesNotContain("Left over", fromBuffer.ContentText);
        Assert.Equal(extractor.Extract(html, url).ContentText, fromBuffer.ContentText);
        Assert.Equal("", extractor.Extract(buffer, 0, url, CancellationToken.None).ContentText); // none of it, not all of it
    }

    public Task DisposeAsync() => server.DisposeAsync().AsTask();

    public void Dispose()
    {
        services.Dispose();
        dir.Dispose();
    }
}
