using System.Net;

namespace FeedHub.Tests.TestSupport;

/// <summary>A small news site on a <see cref="LoopbackServer"/>: a section page that lists articles, and each article's page.</summary>
public sealed class ListingSite(LoopbackServer server, string sectionPath)
{
    private readonly List<(string Path, string Title)> listed = [];

    public Uri SectionUrl => server.Url(sectionPath);

    /// <summary>Puts an article on the site (its page, dated) and at the top of the section page.</summary>
    public void Publish(string path, string title, DateTimeOffset published)
    {
        server.Serve(path, Article(title, published), "text/html; charset=utf-8");
        listed.Insert(0, (path, title));
        server.Serve(sectionPath, Section(), "text/html; charset=utf-8");
    }

    private string Section()
    {
        var items = string.Concat(listed.Select(a => $"""
            <div class="story"><h2 class="story-title"><a href="/{a.Path}?utm_source=section&amp;utm_medium=list">{WebUtility.HtmlEncode(a.Title)}</a></h2>
              <p class="story-dek">A few words that sum up the story for readers who skim the section page.</p></div>
            """));
        return $"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>World Defense - Loopback News</title></head><body>
            <header><nav><a href="/">Home</a> <a href="/{sectionPath}">World Defense</a> <a href="/business/">Business</a></nav></header>
            <main><h1>World Defense</h1>{items}</main>
            <footer><a href="/about/">About</a> <a href="/privacy/">Privacy</a></footer>
            </body></html>
            """;
    }

    private static string Article(string title, DateTimeOffset published)
    {
        var paragraph = $"<p>{WebUtility.HtmlEncode(title)}: the correspondents of Loopback News report what happened, who said what, and what "
            + "is expected next, with the background a reader needs to follow the story from the start and the figures that matter.</p>";
        return $"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
            <meta property="og:type" content="article"><meta property="article:published_time" content="{published:yyyy-MM-ddTHH:mm:ssZ}"></head>
            <body><article><h1>{WebUtility.HtmlEncode(title)}</h1>{paragraph}{paragraph}{paragraph}</article></body></html>
            """;
    }
}
