using System.Globalization;
using System.Net;
using System.Text;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;
using Microsoft.Net.Http.Headers;

namespace FeedHub.Http;

/// <summary>
/// A feed's URL opened in a browser: a page that says what the feed is, how to subscribe (the URL to copy into a
/// feed reader, the other formats) and its latest items. Browsers no longer show RSS or Atom (Chromium applies no XSL
/// stylesheet to them, and XSLT is being removed), and a JSON Feed is raw text there. Feed readers get the feed itself,
/// byte for byte: <see cref="IsWantedBy"/> decides from the request alone.
/// </summary>
internal static class FeedPage
{
    /// <summary>The types a feed is served as, or that a feed reader names for one; the wildcards a feed satisfies too.</summary>
    private static readonly string[] FeedTypes =
    [
        "application/atom+xml", "application/rss+xml", "application/rdf+xml", "application/feed+json", "application/json",
        "application/xml", "text/xml", "*/*", "application/*", "text/*",
    ];

    private static readonly string[] PageTypes = ["text/html", "application/xhtml+xml"];

    private const int SummaryLength = 280;

    private const string Style = """

          body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
          .subscribe { background: #f4f6f8; border: 1px solid #d8dee4; border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0 1.5rem; }
          .subscribe input { width: 100%; box-sizing: border-box; font: 14px ui-monospace, monospace; padding: .4rem; }
          .muted { color: #666; font-size: .9rem; } article { margin: 1.2rem 0; } article h3 { margin: 0 0 .2rem; } article p { margin: .3rem 0; }

        """;

    private static readonly string Policy = $"default-src 'none'; style-src {SecurityHeaders.Hash(Style)}; " + SecurityHeaders.NothingElse;

    /// <summary>
    /// Whether this request is a person's browser opening the feed's URL: its Accept header prefers an HTML page over
    /// every type a feed is (its own, the XML and JSON generics, and the wildcards), strictly, and it is not a script's
    /// request (Sec-Fetch-Dest, where sent, is document). Browsers' navigations send "text/html,...,application/xml;q=0.9,
    /// */*;q=0.8"; feed readers name the feed types first or as high as text/html (Miniflux lists text/html beside them
    /// at q=1), send */*, or send nothing, and get the feed.
    /// </summary>
    public static bool IsWantedBy(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Dest"].ToString() is { Length: > 0 } destination && destination != "document") return false;
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return false;
        double Best(string[] types) => accepted.Where(a => types.Any(t => a.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase)))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var page = Best(PageTypes);
        return page > 0 && page > Best(FeedTypes);
    }

    /// <summary>The page for this feed. It has no ETag: the feed's validators name the feed's bytes, not this page's.</summary>
    public static IResult For(HttpContext context, FeedDocument feed, FeedFormat format, IReadOnlyList<(string Label, Uri Url)> formats)
    {
        SecurityHeaders.Allow(context, Policy);
        var headers = context.Response.Headers;
        headers.Vary = FeedResponse.Vary;
        headers.CacheControl = "no-cache";
        return TypedResults.Content(Render(feed, format, formats), "text/html; charset=utf-8");
    }

    private static string Render(FeedDocument feed, FeedFormat format, IReadOnlyList<(string Label, Uri Url)> formats)
    {
        var self = Encode(feed.SelfUrl.AbsoluteUri);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{Encode(feed.Title)} (feed)</title>\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(CultureInfo.InvariantCulture, $"<link rel=\"alternate\" type=\"{FeedFormats.MediaType(format).Split(';')[0]}\" title=\"{Encode(feed.Title)}\" href=\"{self}\">\n")
            .Append("<style>").Append(Style).Append("</style>\n</head><body>\n")
            .Append(CultureInfo.InvariantCulture, $"<h1>{Encode(feed.Title)}</h1>\n");
        if (!string.IsNullOrWhiteSpace(feed.Subtitle)) html.Append(CultureInfo.InvariantCulture, $"<p id=\"subtitle\">{Encode(feed.Subtitle)}</p>\n");
        html.Append("<section class=\"subscribe\" id=\"subscribe\">\n")
            .Append(CultureInfo.InvariantCulture, $"<p>This is a <strong>news feed</strong> ({Name(format)}) published by FeedHub. To follow it, copy its address into your feed reader ")
            .Append("(Thunderbird, NetNewsWire, Feedly, Miniflux, FreshRSS, ...); the reader then shows new articles as they are published.</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<label>Feed address <input id=\"feed-url\" readonly value=\"{self}\"></label>\n")
            .Append("<p class=\"muted\">Also as ")
            .Append(string.Join(" · ", formats.Select(f => $"<a href=\"{Encode(f.Url.AbsoluteUri)}\">{Encode(f.Label)}</a>")))
            .Append(feed.AlternateUrl is { } home ? $". <a href=\"{Encode(home.AbsoluteUri)}\">All sections</a>." : ".")
            .Append("</p>\n</section>\n")
            .Append(CultureInfo.InvariantCulture, $"<h2>Latest items ({feed.Articles.Count})</h2>\n");
        if (feed.Articles.Count == 0) html.Append("<p class=\"muted\" id=\"empty\">No articles yet.</p>\n");
        foreach (var article in feed.Articles) Item(html, article);
        if (feed.NextUrl is { } next) html.Append(CultureInfo.InvariantCulture, $"<p><a rel=\"next\" href=\"{Encode(next.AbsoluteUri)}\">Older items</a></p>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Item(StringBuilder html, Article article)
    {
        var title = Encode(article.Title);
        var date = article.Published ?? article.FetchedAt;
        html.Append("<article>")
            .Append("<h3>").Append(article.Url is null ? title : $"<a href=\"{Encode(article.Url.AbsoluteUri)}\">{title}</a>").Append("</h3>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"muted\"><time datetime=\"{ApiJson.Date(date)}\">{date.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)}</time>")
            .Append(article.Author is { Length: > 0 } author ? $" · {Encode(author)}" : "")
            .Append(CultureInfo.InvariantCulture, $" · {Encode(string.Join(", ", article.SourceIds))}</div>");
        if (Excerpt(article.ContentText) is { } excerpt) html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(excerpt)}</p>");
        html.Append("</article>\n");
    }

    /// <summary>The start of the text, cut at a word, as the page shows items (the feed has the whole article).</summary>
    private static string? Excerpt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= SummaryLength) return flat;
        var cut = flat.LastIndexOf(' ', SummaryLength);
        return flat[..(cut > 0 ? cut : SummaryLength)] + " …";
    }

    public static string Name(FeedFormat format) => format switch
    {
        FeedFormat.Atom => "Atom",
        FeedFormat.Rss => "RSS",
        _ => "JSON Feed",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
