using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

/// <summary>
/// Finds the article in a page: metadata from JSON-LD and meta tags, the body as the element
/// whose paragraphs carry the most text, cleaned of page chrome, sanitized, with its headings.
/// A first, simple algorithm; the extraction issue makes it excellent.
/// </summary>
public sealed partial class ArticleExtractor(ContentSanitizer sanitizer)
{
    // Elements that are never article content.
    private const string ChromeSelector =
        "script, style, noscript, template, nav, aside, footer, form, button, iframe, object, embed, " +
        "[hidden], [aria-hidden=true], [role=navigation], [role=complementary], [role=banner], [role=contentinfo]";

    private static readonly HtmlParser Parser = new();

    public ExtractedArticle Extract(string html, Uri pageUrl)
    {
        using var document = Parser.ParseDocument(html);
        return Extract(document, pageUrl);
    }

    private ExtractedArticle Extract(IDocument document, Uri pageUrl)
    {
        var metadata = new PageMetadata(document);
        var title = metadata.Title;
        RemoveChrome(document);
        var body = FindBody(document);
        RemoveTitleHeading(body, title);
        ResolveLazyImages(body);
        var html = sanitizer.Sanitize(body?.InnerHtml ?? "", pageUrl);
        using var clean = Parser.ParseDocument("<body>" + html + "</body>");
        return new ExtractedArticle(
            title,
            metadata.Byline,
            metadata.Published,
            metadata.Modified,
            Absolute(metadata.Canonical, pageUrl),
            Absolute(metadata.LeadImage, pageUrl),
            metadata.Language,
            metadata.Sections().ToList(),
            html.Trim(),
            PlainText(clean.Body!),
            FindHeadings(clean.Body!));
    }

    /// <summary>The plain text and headings of an already clean fragment (a feed's own content).</summary>
    public static (string Text, IReadOnlyList<Heading> Headings) ReadFragment(string cleanHtml)
    {
        using var document = Parser.ParseDocument("<body>" + cleanHtml + "</body>");
        return (PlainText(document.Body!), FindHeadings(document.Body!));
    }

    private static void RemoveChrome(IDocument document)
    {
        foreach (var element in document.QuerySelectorAll(ChromeSelector).ToList()) element.Remove();
        foreach (var element in document.QuerySelectorAll("[class], [id]").Where(IsChrome).ToList()) element.Remove();
    }

    /// <summary>Share bars, ads, related lists, comments and the like, by their class or id, unless they hold the text.</summary>
    private static bool IsChrome(IElement element)
    {
        if (element.LocalName is "html" or "body" or "main" or "article") return false;
        var names = element.ClassName + " " + element.Id;
        return ChromeName().IsMatch(names) && !ContentName().IsMatch(names) && ParagraphText(element) < 500;
    }

    /// <summary>The element whose own paragraphs hold the most text; half credit to the grandparent.</summary>
    private static IElement? FindBody(IDocument document)
    {
        var scores = new Dictionary<IElement, double>();
        foreach (var paragraph in document.QuerySelectorAll("p, pre, blockquote"))
        {
            var length = Normalize(paragraph.TextContent).Length;
            if (length < 25 || paragraph.ParentElement is not { } parent) continue;
            var score = 1 + length / 100.0 + paragraph.TextContent.Count(c => c == ',');
            scores[parent] = scores.GetValueOrDefault(parent) + score;
            if (parent.ParentElement is { } grandparent)
                scores[grandparent] = scores.GetValueOrDefault(grandparent) + score / 2;
        }
        return scores.Count == 0 ? document.Body : scores.MaxBy(pair => pair.Value).Key;
    }

    private static void RemoveTitleHeading(IElement? body, string? title)
    {
        if (body is null || title is null) return;
        foreach (var h1 in body.QuerySelectorAll("h1").Where(h => Normalize(h.TextContent) == Normalize(title)).ToList())
            h1.Remove();
    }

    /// <summary>Lazy-loading pages keep the real image in data-src; the src is a placeholder or a smaller copy.</summary>
    private static void ResolveLazyImages(IElement? body)
    {
        if (body is null) return;
        foreach (var image in body.QuerySelectorAll("img[data-src]"))
            image.SetAttribute("src", image.GetAttribute("data-src"));
    }

    private static List<Heading> FindHeadings(IElement body) =>
        body.QuerySelectorAll("h1, h2, h3, h4, h5, h6")
            .Select(h => new Heading(h.LocalName[1] - '0', Normalize(h.TextContent)))
            .Where(h => h.Text.Length > 0)
            .ToList();

    /// <summary>The body's text, one block (paragraph, heading, list item...) per paragraph of text.</summary>
    private static string PlainText(IElement body)
    {
        var text = new StringBuilder();
        foreach (var block in body.QuerySelectorAll("p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td, th, dt, dd"))
        {
            if (block.QuerySelector("p, li, blockquote, pre, h1, h2, h3, h4, h5, h6") is not null) continue; // its inner blocks speak
            var line = Normalize(block.TextContent);
            if (line.Length == 0) continue;
            if (text.Length > 0) text.Append("\n\n");
            text.Append(line);
        }
        return text.Length > 0 ? text.ToString() : Normalize(body.TextContent);
    }

    private static int ParagraphText(IElement element) =>
        element.QuerySelectorAll("p").Sum(p => p.TextContent.Length);

    private static Uri? Absolute(string? url, Uri pageUrl) =>
        url is not null && Uri.TryCreate(pageUrl, url, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : null;

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(^|[\s_-])(share|sharing|social|related|comment|comments|sidebar|widget|advert|advertisement|ad|ads|ad-slot|promo|newsletter|subscribe|cookie|breadcrumbs?|footer|menu|nav|navigation|popup|modal|sponsor|tags|skip-link|entry-meta|post-meta|byline|author-box|most-read|recommended)($|[\s_-])", RegexOptions.IgnoreCase)]
    private static partial Regex ChromeName();

    [GeneratedRegex(@"(^|[\s_-])(entry-content|article-body|post-content|story-body|articleBody)($|[\s_-])", RegexOptions.IgnoreCase)]
    private static partial Regex ContentName();
}
