using FeedHub.Core.Configuration;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Sections;

/// <summary>Applies the section rules in force to every stored article: after a configuration change, and on command.</summary>
public sealed class Resectioner(ArticleStore articles, FeedCache feeds, ILogger<Resectioner> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <returns>How many articles changed sections.</returns>
    public async Task<int> ApplyAsync(FeedHubConfiguration configuration, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var sources = configuration.Catalog.Sources.ToDictionary(s => s.Id, configuration.ToSource);
            // A story that several sources list is in every section any of them puts it in.
            var changed = articles.Resection(article => article.SourceIds
                .SelectMany(id => Sectioner.Assign(article with { SourceId = id }, sources.GetValueOrDefault(id), configuration.Catalog.Sections))
                .DistinctBy(s => s.Slug)
                .ToList());
            feeds.Clear();
            if (changed > 0) logger.LogInformation("Section rules applied: {Changed} articles changed sections", changed);
            return changed;
        }
        finally
        {
            gate.Release();
        }
    }
}
