using System.Threading.Channels;
using FeedHub.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Publishing;

/// <summary>
/// WebSub publishing: when a section gets new articles, tells the configured hub that the
/// section's feeds (and the feeds of all sections) changed, so subscribers hear at once instead
/// of at their next poll. The hub is the operator's own choice, so it is reached directly.
/// A background service of the host: a poll only queues the sections that changed (never waits on the hub), and
/// the pings go out here, one change after another, every failure logged.
/// </summary>
public sealed class WebSubPublisher(LiveConfiguration configuration, FeedUrls urls, FeedCache feeds, ILogger<WebSubPublisher> logger)
    : BackgroundService
{
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(15) };
    private readonly Channel<IReadOnlyCollection<string>> changed = Channel.CreateUnbounded<IReadOnlyCollection<string>>();

    /// <summary>The topic URLs of these sections' feeds, in every format, plus the feeds of all sections.</summary>
    public IReadOnlyList<Uri> Topics(IEnumerable<string> sections) =>
        sections.Append(FeedUrls.AllSlug).Distinct()
            .SelectMany(slug => Enum.GetValues<FeedFormat>().Select(format => urls.Feed(slug, format)))
            .ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration.Current.Http.WebSubHub is not { Length: > 0 }) return;
        feeds.SectionsChanged += Queue;
        try
        {
            await foreach (var sections in changed.Reader.ReadAllAsync(stoppingToken))
                await PingAsync(sections, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: changes not pinged yet reach subscribers at their next poll
        }
        finally
        {
            feeds.SectionsChanged -= Queue;
        }
    }

    private void Queue(IReadOnlyCollection<string> sections) => changed.Writer.TryWrite(sections);

    public async Task PingAsync(IReadOnlyCollection<string> sections, CancellationToken cancellationToken = default)
    {
        if (configuration.Current.Http.WebSubHub is not { Length: > 0 } hub) return;
        foreach (var topic in Topics(sections))
        {
            try
            {
                using var content = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", topic.AbsoluteUri)]);
                using var response = await client.PostAsync(hub, content, cancellationToken);
                if (!response.IsSuccessStatusCode)
                    logger.LogWarning("WebSub hub {Url} answered {Status} to the ping for {Topic}", hub, (int)response.StatusCode, topic);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("WebSub hub {Url} could not be pinged for {Topic}: {Error}", hub, topic, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        client.Dispose();
        base.Dispose();
    }
}
