using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

/// <summary>
/// FeedHub's article extractor: metadata from JSON-LD, meta tags and the page's own markup;
/// the body from the element that holds the most prose (<see cref="MainContentFinder"/>),
/// written out block by block without the page's chrome (<see cref="ContentWriter"/>), and
/// sanitized last. A site's rule (config/extraction-rules.json) takes precedence where it says something.
/// </summary>
public sealed class ArticleExtractor(ContentSanitizer sanitizer, SiteRules rules)
{
    /// <summary>
    /// Comments, style text and source positions are never read, so the parser skips them; the depth
    /// is bounded so that a hostile page of endlessly nested elements can't exhaust the walks below.
    /// </summary>
    /// <remarks>Internal for the speed benchmark, which times this parser's parse alone beside AngleSharp's default.</remarks>
    internal static readonly HtmlParser Parser = new(new HtmlParserOptions
    {
        DisableElementPositionTracking = true,
        SkipComments = true,
        SkipRawText = true,
        SkipCDATA = true,
        SkipProcessingInstructions = true,
        MaximumDepth = 512,
    }, ParseContext.WithoutObservers());

    public ArticleExtractor(ContentSanitizer sanitizer) : this(sanitizer, SiteRules.None)
    {
    }

    /// <summary>The page's article, however long it takes: for pages that are known (tests, benchmarks).</summary>
    public ExtractedArticle Extract(string html, Uri pageUrl)
    {
        using var document = Parser.ParseDocument(html);
        return Read(document, pageUrl, CancellationToken.None);
    }

    /// <summary>
    /// The page's article, stopped with an <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// fires: the parse checks it as it goes, the later steps between each other (see <see cref="MarkupShape"/> for
    /// why no step is left that could take long on its own).
    /// </summary>
    public async Task<ExtractedArticle> ExtractAsync(string html, Uri pageUrl, CancellationToken cancellationToken)
    {
        using var document = await Parser.ParseDocumentAsync(html, cancellationToken);
        return Read(document, pageUrl, cancellationToken);
    }

    /// <summary>
    /// The page's article from the first <paramref name="length"/> characters of <paramref name="html"/>, a buffer the caller
    /// owns and may reuse once this returns: a pooled one, so that a page makes no string of its own, which at its size would
    /// go to the large-object heap (issue 18). The parse runs in one go; the token is checked before it and between the steps after.
    /// </summary>
    public ExtractedArticle Extract(char[] html, int length, Uri pageUrl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var document = length == 0 ? Parser.ParseDocument(string.Empty) : Parser.ParseDocument(html, length); // 0 would mean all of it
        return Read(document, pageUrl, cancellationToken);
    }

    private ExtractedArticle Read(IDocument document, Uri pageUrl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rule = rules.Find(pageUrl.Host);
        using var metadata = new PageMetadata(document, pageUrl);
        var title = FirstText(document, rule?.Title) ?? metadata.Title;
        var sections = SiteSections(document, rule).Concat(metadata.Sections()).ToList(); // before cleaning: breadcrumbs live in the navigation
        RemoveBySelectors(document, rule);
        var root = document.Body ?? document.DocumentElement;
        var main = rule?.Body is { } bodySelector ? document.QuerySelector(bodySelector) : null;
        IReadOnlyList<IElement> parts;
        cancellationToken.ThrowIfCancellationRequested();
        PageCleaner.Clean(main ?? root);
        cancellationToken.ThrowIfCancellationRequested();
        parts = main is null ? MainContentFinder.FindParts(root) : [main];
        cancellationToken.ThrowIfCancellationRequested();
        var written = ContentWriter.Write(parts, title);
        if (written.Text.Length == 0 && main is null && MainContentFinder.FindNamedBody(root) is { } named && !parts.Contains(named))
            written = ContentWriter.Write(named, title);
        if (written.Text.Length == 0 && main is null && MainContentFinder.FindAroundTitle(root) is { } aroundTitle)
            written = ContentWriter.Write(aroundTitle, title);
        var (body, text, headings) = StructuredBody.OrWritten(written, metadata.ArticleBody);
        cancellationToken.ThrowIfCancellationRequested();
        return new ExtractedArticle(
            title,
            metadata.Byline,
            metadata.Published,
            metadata.Modified,
            metadata.Canonical,
            metadata.LeadImage,
            metadata.Language,
            sections,
            sanitizer.Sanitize(body, metadata.LinkBase).Trim(),
            text,
            headings);
    }

    private static string? FirstText(IDocument document, string? selector) =>
        selector is null ? null : document.QuerySelector(selector)?.TextContent.Trim() is { Length: > 0 } text ? text : null;

    private static IEnumerable<SectionCandidate> SiteSections(IDocument document, SiteRule? rule) =>
        rule?.Section is { } selector
            ? document.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).Where(t => t.Length is > 0 and < 60)
                .Distinct().Select(t => new SectionCandidate(t, "site-rule")).ToList()
            : [];

    private static void RemoveBySelectors(IDocument document, SiteRule? rule)
    {
        foreach (var selector in rule?.Remove ?? [])
            foreach (var element in document.QuerySelectorAll(selector).ToList()) element.Remove();
    }

    /// <summary>The plain text and headings of an already clean fragment (a feed's own content).</summary>
    public static (string Text, IReadOnlyList<Heading> Headings) ReadFragment(string cleanHtml)
    {
        using var document = Parser.ParseDocument("<body>" + cleanHtml + "</body>");
        var (_, text, headings) = ContentWriter.Write(document.Body!, null);
        return (text, headings);
    }
}
