using System.Globalization;
using System.Net;
using System.Text;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;

namespace FeedHub.Http;

/// <summary>
/// GET /: the operator page, rendered on the server (no front-end build). The sections with their feed
/// links and article counts; each source's status (last success, last error, next check, backoff);
/// a preview of one section's latest articles with their outline (?section=slug); and autodiscovery
/// links for feed readers.
/// </summary>
internal static class IndexPage
{
    private const int PreviewSize = 10;

    /// <summary>The page's look; it runs no script and loads nothing else.</summary>
    private const string Style = """

          body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
          table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
          .failing { color: #a00; } .ok { color: #060; } .muted { color: #666; } article { margin: 1rem 0; }
          article ol { margin: .2rem 0; color: #444; }

        """;

    private static readonly string Policy = $"default-src 'none'; style-src {SecurityHeaders.Hash(Style)}; " + SecurityHeaders.NothingElse;

    public static IResult Render(string? section, HttpContext context, LiveConfiguration configuration,
        ArticleStore articles, SourceStore sources, TimeProvider time)
    {
        SecurityHeaders.Allow(context, Policy);
        var catalog = configuration.Current.Catalog;
        var sections = catalog.Sections.Select(s => (Slug: s.Slug, Name: s.Name)).Append((Slug: FeedUrls.AllSlug, Name: "All sections")).ToList();
        var preview = sections.FirstOrDefault(s => s.Slug == section);
        if (preview.Slug is null) preview = sections[0];
        var html = new StringBuilder();
        Head(html, sections);
        html.Append("<h1>FeedHub</h1>\n");
        Sections(html, sections, articles.CountBySection(), articles.Count());
        Sources(html, SourceOverview.For(configuration.Current, sources, articles), time.GetUtcNow());
        Preview(html, preview, articles.FindLatest(preview.Slug == FeedUrls.AllSlug ? null : preview.Slug, PreviewSize));
        html.Append("<p><a href=\"/console\">Operator console</a>: add, fix and organise sources and sections. ")
            .Append("<a href=\"/extract\">Extraction preview</a>: see what FeedHub extracts from a page.</p>\n</body></html>\n");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static void Head(StringBuilder html, List<(string Slug, string Name)> sections)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FeedHub</title>\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        foreach (var (slug, name) in sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{Encode(name)}\" href=\"{FeedUrls.Path(slug, FeedFormat.Atom)}\">\n");
            html.Append(CultureInfo.InvariantCulture, $"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{Encode(name)} (RSS)\" href=\"{FeedUrls.Path(slug, FeedFormat.Rss)}\">\n");
            html.Append(CultureInfo.InvariantCulture, $"<link rel=\"alternate\" type=\"application/feed+json\" title=\"{Encode(name)} (JSON Feed)\" href=\"{FeedUrls.Path(slug, FeedFormat.Json)}\">\n");
        }
        html.Append("<style>").Append(Style).Append("</style>\n</head><body>\n");
    }

    private static void Sections(StringBuilder html, List<(string Slug, string Name)> sections, IReadOnlyDictionary<string, long> counts, long total)
    {
        html.Append("<h2>Sections</h2>\n<table id=\"sections\"><tr><th>Section</th><th>Articles</th><th>Feeds</th></tr>\n");
        foreach (var (slug, name) in sections)
        {
            var count = slug == FeedUrls.AllSlug ? total : counts.GetValueOrDefault(slug);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/?section={slug}\">{Encode(name)}</a></td><td>{count}</td><td>")
                .Append(CultureInfo.InvariantCulture, $"<a href=\"{FeedUrls.Path(slug, FeedFormat.Atom)}\">Atom</a> · <a href=\"{FeedUrls.Path(slug, FeedFormat.Rss)}\">RSS</a> · ")
                .Append(CultureInfo.InvariantCulture, $"<a href=\"{FeedUrls.Path(slug, FeedFormat.Json)}\">JSON Feed</a></td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Sources(StringBuilder html, IReadOnlyList<SourceOverview> sources, DateTimeOffset now)
    {
        html.Append("<h2>Sources</h2>\n<table id=\"sources\"><tr><th>Source</th><th>Status</th><th>Last success</th><th>Next check</th><th>Last error</th></tr>\n");
        foreach (var source in sources)
        {
            var (status, css) = source.Status switch
            {
                SourceHealth.Disabled => ("disabled in the config", "muted"),
                SourceHealth.Stopped => ("stopped: gone", "failing"),
                SourceHealth.New => ("not polled yet", "muted"),
                SourceHealth.Failing => ($"failing ({source.ConsecutiveFailures} in a row), backing off", "failing"),
                _ => ("ok", "ok"),
            };
            html.Append(CultureInfo.InvariantCulture, $"<tr data-source=\"{Encode(source.Id)}\"><td>{Encode(source.Name)}<br><span class=\"muted\">{Encode(source.UrlPolled)}</span></td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{css}\">{Encode(status)}</td><td>{When(source.LastSuccessAt, now)}</td><td>{When(source.NextCheckAt, now)}</td>")
                .Append((source.DisabledReason ?? source.LastError) is { } error
                    ? $"<td class=\"failing\">{Encode(error)}</td></tr>\n"
                    : $"<td class=\"muted\">{Encode(source.FeedWarning ?? "")}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Preview(StringBuilder html, (string Slug, string Name) section, IReadOnlyList<Article> latest)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"preview\">Latest in {Encode(section.Name)}</h2>\n");
        if (latest.Count == 0) html.Append("<p class=\"muted\">No articles yet.</p>\n");
        foreach (var article in latest)
        {
            var title = Encode(article.Title);
            html.Append("<article><h3>").Append(article.Url is null ? title : $"<a href=\"{Encode(article.Url.AbsoluteUri)}\">{title}</a>").Append("</h3>")
                .Append(CultureInfo.InvariantCulture, $"<div class=\"muted\">{Encode(article.SourceId)} · {article.Published?.ToString("u", CultureInfo.InvariantCulture) ?? "undated"} · {Encode(article.Extraction.ToString())}</div>");
            if (article.Headings.Count > 0)
            {
                html.Append("<ol>");
                foreach (var heading in article.Headings) html.Append(CultureInfo.InvariantCulture, $"<li>{Encode(heading.Text)}</li>");
                html.Append("</ol>");
            }
            html.Append("</article>\n");
        }
    }

    private static string When(DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is not { } at) return "<span class=\"muted\">never</span>";
        var delta = at - now;
        var words = Math.Abs(delta.TotalMinutes) < 1 ? "now"
            : Math.Abs(delta.TotalHours) < 1 ? $"{Math.Abs((int)delta.TotalMinutes)} min"
            : Math.Abs(delta.TotalDays) < 1 ? $"{Math.Abs((int)delta.TotalHours)} h"
            : $"{Math.Abs((int)delta.TotalDays)} d";
        var relative = words == "now" ? words : delta < TimeSpan.Zero ? words + " ago" : "in " + words;
        return $"<time datetime=\"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{relative}</time>";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
