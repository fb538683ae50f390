using FeedHub.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Storage;

/// <summary>Applies the retention policy: the daily job and `feedhub db purge` both come here.</summary>
public sealed class Retention(ArticleStore articles, TimeProvider time, ILogger<Retention> logger)
{
    /// <summary>
    /// Purges by the configured policy (Retention.Days, Retention.MaxPerSource). An article must be dated and stored
    /// before the cutoff: an old story a feed lists for the first time today (the offline samples are such stories)
    /// is kept the whole period, not purged by the next daily run.
    /// </summary>
    public int Apply(RetentionOptions options)
    {
        DateTimeOffset? cutoff = options.Days > 0 ? time.GetUtcNow().AddDays(-options.Days) : null;
        return Purge(cutoff, cutoff, options.MaxPerSource > 0 ? options.MaxPerSource : null);
    }

    /// <summary>
    /// Purges what an operator asks for by name (`feedhub db purge`): every article dated before
    /// <paramref name="datedBefore"/>, whenever it was stored, since the operator chose the date and sees the count.
    /// </summary>
    public int Purge(DateTimeOffset? datedBefore, int? maxPerSource) => Purge(datedBefore, null, maxPerSource);

    private int Purge(DateTimeOffset? datedBefore, DateTimeOffset? storedBefore, int? maxPerSource)
    {
        if (datedBefore is null && maxPerSource is null) return 0;
        var purged = articles.Purge(datedBefore, maxPerSource, time.GetUtcNow(), storedBefore);
        // Cached feeds need no word from here: the purge's deletions move section_changes (its triggers), which the
        // feeds are versioned by.
        if (purged > 0)
            logger.LogInformation("Purged {Purged} articles: {Rule}", purged, Describe(datedBefore, storedBefore, maxPerSource));
        return purged;
    }

    /// <summary>The rule applied, in words, naming only the limits that were set.</summary>
    private static string Describe(DateTimeOffset? datedBefore, DateTimeOffset? storedBefore, int? maxPerSource)
    {
        var rules = new List<string>();
        if (datedBefore is { } dated)
            rules.Add(storedBefore is { } stored
                ? $"dated and stored before {stored.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"
                : $"dated before {dated.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        if (maxPerSource is { } max) rules.Add($"beyond the newest {max} of their source");
        return string.Join(", or ", rules);
    }
}
