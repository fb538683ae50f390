using FeedHub.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Publishing;

/// <summary>
/// WebSub publishing: when a section gets new articles, tells the configured hub that the
/// section's feeds (and the feeds of all sections) changed, so subscribers hear at once instead
/// of at their next poll. The hub is the operator's own choice, so it is reached directly.
/// </summary>
public sealed class WebSubPublisher : IDisposable
{
    private readonly LiveConfiguration configuration;
    private readonly FeedUrls urls;
    private readonly FeedCache feeds;
    private readonly ILogger<WebSubPublisher> logger;
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(15) };

    public WebSubPublisher(LiveConfiguration configuration, FeedUrls urls, FeedCache feeds, ILogger<WebSubPublisher> logger)
    {
        this.configuration = configuration;
        this.urls = urls;
        this.feeds = feeds;
        this.logger = logger;
        feeds.SectionsChanged += OnSectionsChanged;
    }

    private void OnSectionsChanged(IReadOnlyCollection<string> sections) => _ = PingAsync(sections);

    /// <summary>The topic URLs of these sections' feeds, in every format, plus the feeds of all sections.</summary>
    public IReadOnlyList<Uri> Topics(IEnumerable<string> sections) =>
        sections.Append(FeedUrls.AllSlug).Distinct()
            .SelectMany(slug => Enum.GetValues<FeedFormat>().Select(format => urls.Feed(slug, format)))
            .ToList();

    public async Task PingAsync(IReadOnlyCollection<string> sections)
    {
        if (configuration.Current.Http.WebSubHub is not { Length: > 0 } hub) return;
        foreach (var topic in Topics(sections))
        {
            try
            {
                using var content = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", topic.AbsoluteUri)]);
                using var response = await client.PostAsync(hub, content);
                if (!response.IsSuccessStatusCode)
                    logger.LogWarning("WebSub hub {Url} answered {Status} to the ping for {Topic}", hub, (int)response.StatusCode, topic);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("WebSub hub {Url} could not be pinged for {Topic}: {Error}", hub, topic, e.Message);
            }
        }
    }

    public void Dispose()
    {
        feeds.SectionsChanged -= OnSectionsChanged;
        client.Dispose();
    }
}
