using System.Net;
using System.Text;
using FeedHub.Core.Configuration;

namespace FeedHub.Http;

/// <summary>GET /: the sections and their feed links, with autodiscovery for feed readers.</summary>
internal static class IndexPage
{
    public static IResult Render(LiveConfiguration configuration)
    {
        var sections = configuration.Current.Catalog.Sections.Select(s => (s.Slug, s.Name)).Append((SectionFeeds.AllSlug, "All sections")).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>FeedHub</title>\n");
        foreach (var (slug, name) in sections)
        {
            html.Append($"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{Encode(name)}\" href=\"/feeds/{slug}.atom\">\n");
            html.Append($"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{Encode(name)} (RSS)\" href=\"/feeds/{slug}.rss\">\n");
            html.Append($"<link rel=\"alternate\" type=\"application/feed+json\" title=\"{Encode(name)} (JSON Feed)\" href=\"/feeds/{slug}.json\">\n");
        }
        html.Append("</head><body><h1>FeedHub</h1><h2>Section feeds</h2><ul>\n");
        foreach (var (slug, name) in sections)
            html.Append($"<li>{Encode(name)}: <a href=\"/feeds/{slug}.atom\">Atom</a> · <a href=\"/feeds/{slug}.rss\">RSS</a> · <a href=\"/feeds/{slug}.json\">JSON Feed</a></li>\n");
        html.Append("</ul><p><a href=\"/extract\">Extraction preview</a>: see what FeedHub extracts from a page.</p></body></html>\n");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
