using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

/// <summary>
/// The article's metadata as the page declares it: JSON-LD (schema.org Article types),
/// Open Graph / article:* meta tags, then plain HTML, in that order of trust.
/// </summary>
internal sealed class PageMetadata : IDisposable
{
    private readonly IDocument document;
    private readonly Uri pageUrl;
    private readonly JsonElement? jsonLd;
    private readonly JsonDocument? jsonDocument;
    private readonly Dictionary<string, string> meta = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IElement> categoryLinks = [];
    private string? canonical;
    private string? baseHref;
    private IElement? firstHeading;
    private IElement? firstTime;
    private IElement? bylineElement;
    private IElement? breadcrumbTrail;

    public PageMetadata(IDocument document, Uri pageUrl)
    {
        this.document = document;
        this.pageUrl = pageUrl;
        var scripts = new List<IElement>();
        Scan(document.DocumentElement, scripts);
        (jsonLd, jsonDocument) = FindArticleJsonLd(scripts);
    }

    /// <summary>
    /// What the page's relative links are relative to: the first <c>&lt;base href&gt;</c>, resolved against the page's own
    /// address as a browser does (http or https only), or the page's address.
    /// </summary>
    public Uri LinkBase => field ??= WebUrl.Resolve(pageUrl, baseHref) ?? pageUrl;

    public string? Title =>
        JsonString("headline") ?? Meta("og:title") ?? Meta("twitter:title")
        ?? firstHeading?.TextContent.Trim().NullIfEmpty() ?? document.Title?.Trim().NullIfEmpty();

    public string? Byline => JsonAuthor() ?? Meta("author") ?? Meta("article:author")
        ?? bylineElement?.TextContent.Trim().NullIfEmpty();

    public DateTimeOffset? Published => ParseDate(JsonString("datePublished") ?? Meta("article:published_time")
        ?? firstTime?.GetAttribute("datetime"));

    public DateTimeOffset? Modified => ParseDate(JsonString("dateModified") ?? Meta("article:modified_time"));

    public Uri? Canonical => Absolute(canonical ?? Meta("og:url"));

    public Uri? LeadImage => Absolute(Meta("og:image") ?? JsonImage() ?? Meta("twitter:image"));

    /// <summary>The article's text as the page's JSON-LD gives it (for search engines, often whole where the page shows a teaser).</summary>
    public string? ArticleBody => JsonString("articleBody");

    public string? Language => document.DocumentElement.GetAttribute("lang")?.Trim().NullIfEmpty() ?? Meta("og:locale");

    /// <summary>
    /// Every section the page names, with where it was found. Read before the page is cleaned,
    /// because breadcrumbs and category links live in the chrome.
    /// </summary>
    public IEnumerable<SectionCandidate> Sections()
    {
        if (JsonString("articleSection") is { } fromJson) yield return new(fromJson, "json-ld");
        if (Meta("article:section") is { } fromMeta) yield return new(fromMeta, "meta");
        foreach (var crumb in Breadcrumbs()) yield return new(crumb, "breadcrumb");
        foreach (var category in categoryLinks.Select(a => a.TextContent.Trim()).Distinct())
            if (category.Length is > 0 and < 60) yield return new(category, "category-link");
        if (UrlSection() is { } fromPath) yield return new(fromPath, "url-path");
    }

    /// <summary>One walk over the page collects everything the properties read (selector queries would walk it once each).</summary>
    private void Scan(IElement element, List<IElement> scripts)
    {
        var nodes = element.ChildNodes; // by index: AngleSharp finds an element's next sibling by a search of its parent's children
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i] is not IElement child) continue;
            switch (child.LocalName)
            {
                case "meta":
                    var key = child.GetAttribute("property") ?? child.GetAttribute("name");
                    if (key is not null && child.GetAttribute("content") is { Length: > 0 } content) meta.TryAdd(key, content.Trim());
                    continue;
                case "link":
                    if (canonical is null && child.GetAttribute("rel")?.Equals("canonical", StringComparison.OrdinalIgnoreCase) == true)
                        canonical = child.GetAttribute("href");
                    continue;
                case "base":
                    baseHref ??= child.GetAttribute("href");
                    continue;
                case "script":
                    if (child.GetAttribute("type")?.Equals("application/ld+json", StringComparison.OrdinalIgnoreCase) == true) scripts.Add(child);
                    continue;
                case "style" or "svg" or "noscript" or "template":
                    continue;
                case "h1":
                    firstHeading ??= child;
                    break;
                case "time":
                    if (child.HasAttribute("datetime")) firstTime ??= child;
                    break;
                case "a":
                    var rel = child.GetAttribute("rel");
                    if (rel?.Contains("category", StringComparison.OrdinalIgnoreCase) == true) categoryLinks.Add(child);
                    if (rel?.Contains("author", StringComparison.OrdinalIgnoreCase) == true) bylineElement ??= child;
                    break;
            }
            if (breadcrumbTrail is null && IsBreadcrumbTrail(child)) breadcrumbTrail = child;
            Scan(child, scripts);
        }
    }

    private static bool IsBreadcrumbTrail(IElement element) =>
        (element.GetAttribute("class") is { } names && names.Contains("breadcrumb", StringComparison.OrdinalIgnoreCase))
        || element.Id?.Contains("breadcrumb", StringComparison.OrdinalIgnoreCase) == true
        || element.GetAttribute("aria-label")?.Equals("breadcrumb", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Breadcrumb trail entries between "Home" and the article itself.</summary>
    private IEnumerable<string> Breadcrumbs()
    {
        if (breadcrumbTrail is null) yield break;
        var links = breadcrumbTrail.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).Where(t => t.Length is > 0 and < 60).ToList();
        foreach (var link in links.Where(l => !l.Equals("Home", StringComparison.OrdinalIgnoreCase)))
            yield return link;
    }

    /// <summary>The first path segment when it reads like a section name (/world-defense/story-slug/).</summary>
    private string? UrlSection()
    {
        if (pageUrl.Scheme is not ("http" or "https")) return null; // a local file's path names folders, not sections
        var segments = pageUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2) return null;
        var first = Uri.UnescapeDataString(segments[0]);
        if (first.Length is < 3 or > 40 || first.Any(char.IsDigit) || first.Contains('.')) return null;
        return first;
    }

    private Uri? Absolute(string? url) => WebUrl.Resolve(LinkBase, url);

    private string? Meta(string name) => meta.GetValueOrDefault(name);

    private string? JsonString(string property) =>
        jsonLd is { } json && json.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()?.Trim().NullIfEmpty(),
                JsonValueKind.Array when value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.String => value[0].GetString()?.Trim().NullIfEmpty(),
                _ => null,
            }
            : null;

    private string? JsonAuthor()
    {
        if (jsonLd is not { } json || !json.TryGetProperty("author", out var author)) return null;
        if (author.ValueKind == JsonValueKind.Array && author.GetArrayLength() > 0) author = author[0];
        return author.ValueKind switch
        {
            JsonValueKind.String => author.GetString()?.Trim().NullIfEmpty(),
            JsonValueKind.Object when author.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String => name.GetString()?.Trim().NullIfEmpty(),
            _ => null,
        };
    }

    private string? JsonImage()
    {
        if (jsonLd is not { } json || !json.TryGetProperty("image", out var image)) return null;
        if (image.ValueKind == JsonValueKind.Array && image.GetArrayLength() > 0) image = image[0];
        return image.ValueKind switch
        {
            JsonValueKind.String => image.GetString(),
            JsonValueKind.Object when image.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String => url.GetString(),
            _ => null,
        };
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date.ToUniversalTime() : null;

    public void Dispose() => jsonDocument?.Dispose();

    /// <summary>The first schema.org article in the page's JSON-LD, and the document that holds it (kept, not copied).</summary>
    private static (JsonElement?, JsonDocument?) FindArticleJsonLd(List<IElement> scripts)
    {
        foreach (var script in scripts)
        {
            try
            {
                var parsed = JsonDocument.Parse(script.TextContent);
                if (FindArticle(parsed.RootElement) is { } article) return (article, parsed);
                parsed.Dispose();
            }
            catch (JsonException)
            {
                // A broken JSON-LD block is common; the meta tags still count.
            }
        }
        return (null, null);
    }

    private static JsonElement? FindArticle(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (FindArticle(item) is { } found) return found;
                return null;
            case JsonValueKind.Object:
                if (element.TryGetProperty("@type", out var type) && IsArticleType(type)) return element;
                return element.TryGetProperty("@graph", out var graph) ? FindArticle(graph) : null;
            default:
                return null;
        }
    }

    private static bool IsArticleType(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => type.GetString()!.EndsWith("Article", StringComparison.Ordinal) || type.GetString() is "BlogPosting" or "Report",
        JsonValueKind.Array => type.EnumerateArray().Any(IsArticleType),
        _ => false,
    };
}

internal static class StringExtensions
{
    public static string? NullIfEmpty(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
