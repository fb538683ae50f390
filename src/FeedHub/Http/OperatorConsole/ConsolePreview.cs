using System.Text;
using FeedHub.Core.Processing;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>A <see cref="FeedPreview"/> as the "add a source" page shows it: the feed, its latest entries, and the first entry's article.</summary>
internal static class ConsolePreview
{
    private const int TextPreviewChars = 600;

    public static string Render(FeedPreview preview)
    {
        var feed = preview.Discovery.Feed!;
        var html = new StringBuilder("<section id=\"preview\" aria-labelledby=\"preview-title\"><h2 id=\"preview-title\">Preview</h2>")
            .Append("<dl class=\"facts\">")
            .Append($"<dt>Feed</dt><dd id=\"discovered\">{H(preview.Discovery.FeedUrl!.AbsoluteUri)}</dd>")
            .Append($"<dt>Format</dt><dd id=\"format\">{H(feed.Format)}</dd><dt>Title</dt><dd id=\"feed-title\">{H(feed.Title)}</dd>")
            .Append($"<dt>Entries</dt><dd>{feed.Entries.Count}</dd>")
            .Append(feed.IllFormed is { } problem ? $"<dt>Warning</dt><dd class=\"bad\">read leniently, as the document is {H(problem)}</dd>" : "")
            .Append("</dl><h3>Latest entries</h3><ol id=\"entries\">");
        foreach (var entry in preview.Latest)
            html.Append($"<li>{H(entry.Title)} <span class=\"muted\">{When(entry.Published ?? entry.Updated)}</span></li>");
        html.Append("</ol>");
        if (preview.FirstArticle is { } article)
        {
            html.Append("<h3>The first entry's article, as FeedHub would extract it</h3><dl class=\"facts\" id=\"first-article\">")
                .Append($"<dt>Status</dt><dd>{H(article.Status)}</dd>")
                .Append($"<dt>Title</dt><dd>{H(article.Title)}</dd>")
                .Append(article.Byline is { } byline ? $"<dt>Byline</dt><dd>{H(byline)}</dd>" : "")
                .Append(article.WordCount is { } words ? $"<dt>Words</dt><dd>{words}</dd>" : "")
                .Append($"<dt>Page sections</dt><dd>{H(string.Join(", ", (article.Sections ?? []).Select(s => $"{s.Value} ({s.Origin})")))}</dd>")
                .Append("</dl><h4>Headings</h4><ol id=\"first-headings\">")
                .Append(string.Concat((article.Headings ?? []).Select(h => $"<li>{H(h.Text)}</li>"))).Append("</ol>")
                .Append($"<h4>Text</h4><p class=\"muted\">{H(Shorten(article.Text))}</p>");
        }
        return html.Append("</section>\n").ToString();
    }

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= TextPreviewChars ? text : text[..TextPreviewChars].TrimEnd() + "…";
}
