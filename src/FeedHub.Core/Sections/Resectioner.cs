using System.Diagnostics.CodeAnalysis;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace FeedHub.Core.Sections;

/// <summary>Applies the section rules in force to every stored article: after a configuration change, and on command.</summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification =
    "Its semaphore is one of the are async locks whose wait handle is never created, so disposing frees nothing; as a singleton for the process's life "
    + "it is never disposed, and a disposed semaphore would make a Release still under way at shutdown throw.")]
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
            var changed = articles.Resection(article => Assign(article, sources, configuration.Catalog.Sections));
            feeds.Clear();
            if (changed > 0) logger.LogInformation("Section rules applied: {Changed} articles changed sections", changed);
            return changed;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// What an edited section would hold, before it is saved: each stored article given, in (with the rule that takes it)
    /// or out, by the same assignment <see cref="ApplyAsync"/> makes. The console's section editor shows it.
    /// </summary>
    public static SectionPreview Preview(FeedHubConfiguration configuration, SectionOptions edited, IEnumerable<Article> stored)
    {
        var sources = configuration.Catalog.Sources.ToDictionary(s => s.Id, configuration.ToSource);
        var taken = new List<(Article, string)>();
        var left = new List<Article>();
        foreach (var article in stored)
        {
            if (Assign(article, sources, [edited]) is [var section, ..]) taken.Add((article, section.Origin));
            else left.Add(article);
        }
        return new SectionPreview(taken, left);
    }

    /// <summary>A story that several sources list is in every section any of them puts it in.</summary>
    private static IReadOnlyList<ArticleSection> Assign(Article article, IReadOnlyDictionary<string, Source> sources, IReadOnlyList<SectionOptions> sections) =>
        article.SourceIds
            .SelectMany(id => Sectioner.Assign(article with { SourceId = id }, sources.GetValueOrDefault(id), sections))
            .DistinctBy(s => s.Slug)
            .ToList();
}

/// <summary>The stored articles an edited section would take in (with the rule that takes each) and leave out.</summary>
public sealed record SectionPreview(IReadOnlyList<(Article Article, string Rule)> TakenIn, IReadOnlyList<Article> LeftOut);
