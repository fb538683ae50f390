using System.Globalization;
using System.Text;
using FeedHub.Core.Processing;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// A <see cref="FeedPreview"/> as the "add a source" page shows it: the feed, its latest entries, and the first entry's
/// article; or, for an address with no feed whose page lists articles, the page and every article link a page source
/// would take from it.
/// </summary>
internal static class ConsolePreview
{
    private const int TextPreviewChars = 600;

    /// <summary>The preview of a page followed as a page source (<see cref="Discovery.FollowsPage"/>).</summary>
    public static string RenderPage(FeedPreview preview)
    {
        var discovery = preview.Discovery;
        var listing = discovery.Listing!;
        var html = new StringBuilder("<section id=\"preview\" aria-labelledby=\"preview-title\"><h2 id=\"preview-title\">Preview</h2>")
            .Append("<dl class=\"facts\">")
            .Append(CultureInfo.InvariantCulture, $"<dt>Page</dt><dd id=\"discovered\">{H(discovery.PageUrl!.AbsoluteUri)}</dd>")
            .Append("<dt>Kind</dt><dd id=\"kind\">page: each poll reads the page and fetches the articles it newly links</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Title</dt><dd id=\"feed-title\">{H(listing.Title)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Found</dt><dd id=\"listing-status\">{H(listing.Status)}</dd>")
            .Append("</dl><h3>The articles it would take, in page order</h3><div class=\"scroll\"><table id=\"entries\"><thead><tr>")
            .Append("<th scope=\"col\">Title</th><th scope=\"col\">Link</th><th scope=\"col\">Date on the page</th></tr></thead><tbody>");
        foreach (var item in listing.Items)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(item.Title)}</td><td><a href=\"{H(item.Url.AbsoluteUri)}\">{H(item.Url.AbsoluteUri)}</a></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(item.Published is { } date ? When(date) : "<span class=\"muted\">none shown</span>")}</td></tr>");
        html.Append("</tbody></table></div>");
        FirstArticle(html, preview.FirstArticle, "The first article, as FeedHub would extract it");
        return html.Append("</section>\n").ToString();
    }

    public static string Render(FeedPreview preview)
    {
        var feed = preview.Discovery.Feed!;
        var html = new StringBuilder("<section id=\"preview\" aria-labelledby=\"preview-title\"><h2 id=\"preview-title\">Preview</h2>")
            .Append("<dl class=\"facts\">")
            .Append(CultureInfo.InvariantCulture, $"<dt>Feed</dt><dd id=\"discovered\">{H(preview.Discovery.FeedUrl!.AbsoluteUri)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Format</dt><dd id=\"format\">{H(feed.Format)}</dd><dt>Title</dt><dd id=\"feed-title\">{H(feed.Title)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Entries</dt><dd>{feed.Entries.Count}</dd>")
            .Append(feed.IllFormed is { } problem ? $"<dt>Warning</dt><dd class=\"bad\">read leniently, as the document is {H(problem)}</dd>" : "")
            .Append("</dl><h3>Latest entries</h3><ol id=\"entries\">");
        foreach (var entry in preview.Latest)
            html.Append(CultureInfo.InvariantCulture, $"<li>{H(entry.Title)} <span class=\"muted\">{When(entry.Published ?? entry.Updated)}</span></li>");
        html.Append("</ol>");
        FirstArticle(html, preview.FirstArticle, "The first entry's article, as FeedHub would extract it");
        return html.Append("</section>\n").ToString();
    }

    private static void FirstArticle(StringBuilder html, PageReport? first, string heading)
    {
        if (first is { } article)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{H(heading)}</h3><dl class=\"facts\" id=\"first-article\">")
                .Append(CultureInfo.InvariantCulture, $"<dt>Status</dt><dd>{H(article.Status)}</dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>Title</dt><dd>{H(article.Title)}</dd>")
                .Append(article.Byline is { } byline ? $"<dt>Byline</dt><dd>{H(byline)}</dd>" : "")
                .Append(article.WordCount is { } words ? $"<dt>Words</dt><dd>{words}</dd>" : "")
                .Append(CultureInfo.InvariantCulture, $"<dt>Page sections</dt><dd>{H(string.Join(", ", (article.Sections ?? []).Select(s => $"{s.Value} ({s.Origin})")))}</dd>")
                .Append("</dl><h4>Headings</h4><ol id=\"first-headings\">")
                .Append(string.Concat((article.Headings ?? []).Select(h => $"<li>{H(h.Text)}</li>"))).Append("</ol>")
                .Append(CultureInfo.InvariantCulture, $"<h4>Text</h4><p class=\"muted\">{H(Shorten(article.Text))}</p>");
        }
    }

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= TextPreviewChars ? text : text[..TextPreviewChars].TrimEnd() + "…";
}
