using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

/// <summary>
/// FeedHub's article extractor: metadata from JSON-LD, meta tags and the page's own markup;
/// the body from the element that holds the most prose (<see cref="MainContentFinder"/>),
/// written out block by block without the page's chrome (<see cref="ContentWriter"/>), and
/// sanitized last.
/// </summary>
public sealed class ArticleExtractor(ContentSanitizer sanitizer)
{
    private static readonly HtmlParser Parser = new();

    public ExtractedArticle Extract(string html, Uri pageUrl)
    {
        using var document = Parser.ParseDocument(html);
        var metadata = new PageMetadata(document, pageUrl);
        var title = metadata.Title;
        var sections = metadata.Sections().ToList(); // before cleaning: breadcrumbs live in the navigation
        var root = document.Body ?? document.DocumentElement;
        PageCleaner.Clean(root);
        var main = MainContentFinder.Find(root);
        var (body, text, headings) = ContentWriter.Write(main, title);
        return new ExtractedArticle(
            title,
            metadata.Byline,
            metadata.Published,
            metadata.Modified,
            metadata.Canonical,
            metadata.LeadImage,
            metadata.Language,
            sections,
            sanitizer.Sanitize(body, pageUrl).Trim(),
            text,
            headings);
    }

    /// <summary>The plain text and headings of an already clean fragment (a feed's own content).</summary>
    public static (string Text, IReadOnlyList<Heading> Headings) ReadFragment(string cleanHtml)
    {
        using var document = Parser.ParseDocument("<body>" + cleanHtml + "</body>");
        var (_, text, headings) = ContentWriter.Write(document.Body!, null);
        return (text, headings);
    }
}
