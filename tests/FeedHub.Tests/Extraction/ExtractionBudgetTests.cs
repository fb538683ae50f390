using System.Diagnostics.Metrics;
using FeedHub.Benchmarks.Extraction;
using FeedHub.Core.Configuration;
using FeedHub.Core.Extraction;
using FeedHub.Core.Metrics;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.Extraction;

/// <summary>
/// Hostile pages cost a bounded amount of work: the extraction that polling, `feedhub extract` and POST /api/extract
/// share refuses markup whose shape makes the parser or the walks slow, and stops at its time budget. No timing is
/// asserted (the machine may be loaded): each page gets the status that says why it was not extracted.
/// </summary>
public sealed class ExtractionBudgetTests : IAsyncLifetime, IDisposable
{
    private static readonly string Prose = string.Concat(Enumerable.Repeat("<p>Ordinary words of an article that go on for a while, long enough to count as prose.</p>", 8));
    private static readonly Uri PageUrl = new("https://example.com/story");

    public static readonly TheoryData<string, string> HostilePages = new()
    {
        { string.Concat(Enumerable.Repeat("<div>", 200_000)) + Prose, "fallback: the page has nested deeper than 256 levels" },
        { string.Concat(Enumerable.Repeat("<b>", 50_000)) + Prose, "fallback: the page has nested deeper than 256 levels" },
        { $"<article>{Prose}<p>x<span {string.Join(' ', Enumerable.Range(0, 100_000).Select(i => $"a{i}=v"))}>y</span></p></article>", "fallback: the page has an element with more than 1000 attributes" },
        { "<table>" + string.Concat(Enumerable.Repeat("<tr><td>cell</td></tr>", 30_000)) + "</table>" + Prose, "fallback: the page has more than 10000 elements side by side" },
    };

    private readonly TempDirectory dir = new();
    private LoopbackServer server = null!;
    private ServiceProvider services = null!;
    private FeedHubConfiguration configuration = null!;

    public async Task InitializeAsync()
    {
        server = await LoopbackServer.StartAsync();
        configuration = FeedHubConfiguration.Load(TestConfig.Write(dir, ("s1", server.Url("feed.xml"), "00:05:00")));
        services = TestConfig.Services(configuration);
        services.GetRequiredService<Database>().Migrate();
    }

    [Theory]
    [MemberData(nameof(HostilePages))]
    public async Task A_page_shaped_to_be_slow_is_refused_before_it_is_parsed(string html, string status)
    {
        var result = await services.GetRequiredService<PageExtractor>().FromHtmlAsync(html, PageUrl, CancellationToken.None);

        Assert.Equal(status, result.Outcome.ToString());
        Assert.Null(result.Article);
    }

    [Fact]
    public void Real_pages_deep_in_tables_lists_and_svg_icons_pass_the_shape_check()
    {
        var icon = "<svg>" + string.Concat(Enumerable.Repeat("<path d=\"M0 0\"/>", 400)) + "</svg>";
        var rows = "<table>" + string.Concat(Enumerable.Repeat("<tr><td>cell<td>cell", 3_000)) + "</table>"; // end tags left out, as HTML allows
        var nested = string.Concat(Enumerable.Repeat("<div><p>intro", 200)) + "<article>" + Prose + "</article>" + string.Concat(Enumerable.Repeat("</div>", 200));
        var lists = string.Concat(Enumerable.Repeat("<ul><li>item<li>item", 100)) + string.Concat(Enumerable.Repeat("</ul>", 100));
        var html = $"<html><body>{icon}<ul>{string.Concat(Enumerable.Repeat("<li>item", 2_000))}</ul>{rows}{nested}{lists}</body></html>";

        Assert.Null(MarkupShape.FindExcess(html));
    }

    [SkippableFact]
    public void No_page_of_the_extraction_benchmark_is_refused_by_the_shape_check()
    {
        var refused = BenchmarkPage.Load(Corpus.Require(BenchmarkPage.DevelopmentSet)).Where(p => MarkupShape.FindExcess(p.Html) is not null).Select(p => p.Id);

        Assert.Empty(refused);
    }

    [Fact]
    public async Task A_page_that_outlasts_the_time_budget_is_stopped_and_says_so()
    {
        using var tight = TestConfig.Services(FeedHubConfiguration.Load(dir.File("feedhub.json"),
            new Dictionary<string, string?> { ["Polling:ExtractionTimeout"] = "00:00:00.001" }));
        var big = "<html><body><article>" + string.Concat(Enumerable.Repeat(Prose, 1_000)) + "</article></body></html>"; // ~1 MB: well over a millisecond of parsing

        var result = await tight.GetRequiredService<PageExtractor>().FromHtmlAsync(big, PageUrl, CancellationToken.None);

        Assert.Equal("fallback: the page took too long to extract (over 0.001 s)", result.Outcome.ToString());
    }

    [Fact]
    public void A_budget_of_nothing_is_refused_at_load_naming_the_setting()
    {
        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(dir.File("feedhub.json"),
            new Dictionary<string, string?> { ["Polling:ExtractionTimeout"] = "00:00:00" }));

        Assert.Contains("Polling.ExtractionTimeout: must be positive, got 00:00:00", error.Message);
    }

    [Fact]
    public async Task A_cancelled_caller_cancels_the_extraction_rather_than_reporting_a_slow_page()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<PageExtractor>().FromHtmlAsync("<p>" + Prose + "</p>", PageUrl, cancelled.Token));
    }

    [Fact]
    public async Task In_a_poll_the_hostile_page_keeps_the_feeds_content_with_its_reason_and_the_good_ones_are_extracted()
    {
        server.Serve("good1.html", $"<html><body><article>{Prose}</article></body></html>", "text/html");
        server.Serve("good2.html", $"<html><body><article>{Prose}</article></body></html>", "text/html");
        server.Serve("deep.html", string.Concat(Enumerable.Repeat("<div>", 200_000)) + Prose, "text/html");
        server.Serve("feed.xml", Feeds.Rss(
            new Feeds.Item("g1", "Good one", server.Url("good1.html")),
            new Feeds.Item("deep", "A hostile page", server.Url("deep.html"), "<p>The feed's own words.</p>"),
            new Feeds.Item("g2", "Good two", server.Url("good2.html"))), "application/rss+xml");
        var fallbacks = new List<string?>();
        using var listener = ListenToFallbacks(services.GetRequiredService<PipelineMetrics>(), fallbacks);

        var outcome = await services.GetRequiredService<SourcePoller>().PollAsync(configuration.EnabledSources()[0], CancellationToken.None);

        Assert.Equal((PollStatus.Updated, 3), (outcome.Status, outcome.NewArticles));
        var articles = services.GetRequiredService<ArticleStore>().Find(new ArticleQuery { SourceId = "s1" }).ToDictionary(a => a.Guid);
        Assert.Equal("extracted", articles["g1"].Extraction.ToString());
        Assert.Equal("extracted", articles["g2"].Extraction.ToString());
        Assert.Equal("feed: the page has nested deeper than 256 levels", articles["deep"].Extraction.ToString());
        Assert.Equal("The feed's own words.", articles["deep"].ContentText);
        Assert.Equal(["too_complex"], fallbacks);
    }

    [Fact]
    public async Task A_feeds_own_content_shaped_to_be_slow_is_kept_as_its_text()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", 200_000)) + "<p>Words of the feed &amp; nothing else.</p>";
        server.Serve("feed.xml", Feeds.Rss(new Feeds.Item("deep", "A hostile description", server.Url("missing.html"), deep)), "application/rss+xml");

        var outcome = await services.GetRequiredService<SourcePoller>().PollAsync(configuration.EnabledSources()[0], CancellationToken.None);

        var article = Assert.Single(services.GetRequiredService<ArticleStore>().Find(new ArticleQuery { SourceId = "s1" }));
        Assert.Equal((PollStatus.Updated, 1), (outcome.Status, outcome.NewArticles));
        Assert.Equal("feed: page not fetched: HTTP 404 Not Found", article.Extraction.ToString());
        Assert.Equal("Words of the feed & nothing else.", article.ContentText);
        Assert.Equal("<p>Words of the feed &amp; nothing else.</p>", article.ContentHtml);
    }

    /// <summary>The reasons this pipeline's extraction fallback counter is given, as /metrics would show them.</summary>
    private static MeterListener ListenToFallbacks(PipelineMetrics metrics, List<string?> reasons)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument == metrics.ExtractionFallbacks) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "reason") lock (reasons) reasons.Add(tag.Value as string);
        });
        listener.Start();
        return listener;
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
