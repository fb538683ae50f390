using System.Globalization;
using System.Text;
using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// An article as FeedHub stored it (GET /api/articles/{id} as a page), its re-extraction (<see cref="Reextractor"/>, as POST
/// /api/articles/{id}/reextract and `feedhub reextract --article` do), and the search over stored articles (GET /api/search).
/// </summary>
internal static class ConsoleArticles
{
    public static IResult Show(HttpContext context, string id, ArticleStore articles, LiveConfiguration configuration) =>
        Render(context, id, articles, configuration, null);

    public static async Task<IResult> Reextract(HttpContext context, string id, ArticleStore articles, LiveConfiguration configuration, Reextractor reextractor)
    {
        var result = await reextractor.ReextractAsync(id, context.RequestAborted);
        var said = result.Status switch
        {
            ReextractStatus.Revised => Notice("Extracted again: the stored article now holds what the page gives today."),
            ReextractStatus.Unchanged => Notice("Extracted again: the page gives the same article; nothing changed."),
            _ => Notice($"Kept as stored: {result.Reason}", bad: true),
        };
        return Render(context, id, articles, configuration, said);
    }

    private static IResult Render(HttpContext context, string id, ArticleStore articles, LiveConfiguration configuration, string? notice)
    {
        if (articles.FindById(id) is not { } article)
            return Page(context, "No such article", Notice($"No article has the id '{id}'.", bad: true), StatusCodes.Status404NotFound);
        var names = configuration.Current.Catalog.Sections.ToDictionary(s => s.Slug, s => s.Name);
        var html = new StringBuilder(notice)
            .Append(Form(context, $"/console/articles/{Uri.EscapeDataString(article.Id)}/reextract",
                "<button id=\"reextract\">Re-extract from the page</button>"))
            .Append("<dl class=\"facts\" id=\"article-facts\">")
            .Append(CultureInfo.InvariantCulture, $"<dt>Extraction</dt><dd id=\"extraction\" class=\"{(article.Extraction.IsExtracted ? "good" : "bad")}\">{H(article.Extraction.ToString())}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Byline</dt><dd>{H(article.Author ?? "none")}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Published</dt><dd>{When(article.Published)}</dd><dt>Updated</dt><dd>{When(article.Updated)}</dd><dt>Stored</dt><dd>{When(article.FetchedAt)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Link</dt><dd>{Link(article.Url)}</dd><dt>Canonical URL</dt><dd>{Link(article.CanonicalUrl)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Lead image</dt><dd>{Link(article.LeadImage)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Words</dt><dd>{article.WordCount} ({article.ReadingMinutes} min)</dd><dt>Language</dt><dd>{H(article.Language ?? "unknown")}</dd>")
            .Append("<dt>Sources</dt><dd id=\"article-sources\">")
            .Append(string.Join(", ", article.SourceIds.Select(s => $"<a href=\"/console/sources/{Uri.EscapeDataString(s)}\">{H(s)}</a>"))).Append("</dd>")
            .Append("<dt>Sections</dt><dd><ul id=\"article-sections\">")
            .Append(string.Concat(article.Sections.Select(s => $"<li>{H(names.GetValueOrDefault(s.Slug, s.Slug))} <span class=\"muted\">by the rule {H(s.Origin)}</span></li>")))
            .Append("</ul></dd><dt>Page sections</dt><dd>")
            .Append(H(string.Join(", ", article.SectionCandidates.Select(c => $"{c.Value} ({c.Origin})")))).Append("</dd></dl>\n")
            .Append("<h2>Outline</h2><ol id=\"outline\">")
            .Append(string.Concat(article.Headings.Select(h => $"<li class=\"level-{h.Level}\">{H(h.Text)}</li>"))).Append("</ol>\n")
            // Stored sanitized (HtmlSanitizer's allow-list: no script, no handlers), and the page's policy runs no script anyway.
            .Append("<h2>Body, as stored</h2><div class=\"body\" id=\"body\">").Append(article.ContentHtml ?? "").Append("</div>\n");
        return Page(context, article.Title, html.ToString(), policy: ArticlePolicy);
    }

    public static IResult Search(HttpContext context, string? q, ArticleStore articles)
    {
        var html = new StringBuilder("<form method=\"get\" action=\"/console/search\" class=\"filters\" role=\"search\">")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"q\">Words</label><input type=\"search\" id=\"q\" name=\"q\" value=\"{H(q)}\"></div><div><button>Search</button></div></form>\n");
        if (string.IsNullOrWhiteSpace(q)) return Page(context, "Search", html.ToString());
        try
        {
            var hits = articles.Search(q, 50, context.RequestAborted);
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{hits.Count} found.</p><ol id=\"hits\">");
            foreach (var hit in hits)
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/console/articles/{H(hit.Article.Id)}\">{H(hit.Article.Title)}</a><br><span class=\"muted\">{H(hit.Snippet)}</span></li>");
            html.Append("</ol>");
        }
        catch (Exception e) when (e is TimeoutException or ArgumentException or System.Data.Common.DbException)
        {
            return Page(context, "Search", Notice(e.Message, bad: true) + html, StatusCodes.Status400BadRequest);
        }
        return Page(context, "Search", html.ToString());
    }

    private static string Link(Uri? url) => url is null ? "<span class=\"muted\">none</span>" : $"<a href=\"{H(url.AbsoluteUri)}\">{H(url.AbsoluteUri)}</a>";
}
