using FeedHub.Core.Configuration;
using FeedHub.Core.Publishing;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Storage;

/// <summary>Applies the retention policy: the daily job and `feedhub db purge` both come here.</summary>
public sealed class Retention(ArticleStore articles, FeedCache feeds, TimeProvider time, ILogger<Retention> logger)
{
    /// <summary>Purges by the configured policy (Retention.Days, Retention.MaxPerSource).</summary>
    public int Apply(RetentionOptions options) =>
        Purge(options.Days > 0 ? time.GetUtcNow().AddDays(-options.Days) : null, options.MaxPerSource > 0 ? options.MaxPerSource : null);

    public int Purge(DateTimeOffset? olderThan, int? maxPerSource)
    {
        if (olderThan is null && maxPerSource is null) return 0;
        var purged = articles.Purge(olderThan, maxPerSource, time.GetUtcNow());
        if (purged > 0)
        {
            feeds.Clear();
            logger.LogInformation("Purged {Purged} articles (older than {OlderThan:u}, or beyond {MaxPerSource} per source)", purged, olderThan, maxPerSource);
        }
        return purged;
    }
}
