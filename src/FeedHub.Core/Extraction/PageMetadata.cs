using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;

namespace FeedHub.Core.Extraction;

/// <summary>
/// The article's metadata as the page declares it: JSON-LD (schema.org Article types),
/// Open Graph / article:* meta tags, then plain HTML, in that order of trust.
/// </summary>
internal sealed class PageMetadata
{
    private readonly IDocument document;
    private readonly Uri pageUrl;
    private readonly JsonElement? jsonLd;

    public PageMetadata(IDocument document, Uri pageUrl)
    {
        this.document = document;
        this.pageUrl = pageUrl;
        jsonLd = FindArticleJsonLd(document);
    }

    public string? Title =>
        JsonString("headline") ?? Meta("og:title") ?? Meta("twitter:title")
        ?? document.QuerySelector("h1")?.TextContent.Trim().NullIfEmpty() ?? document.Title?.Trim().NullIfEmpty();

    public string? Byline => JsonAuthor() ?? Meta("author") ?? Meta("article:author")
        ?? document.QuerySelector("[rel=author], .byline .fn, .author-name")?.TextContent.Trim().NullIfEmpty();

    public DateTimeOffset? Published => ParseDate(JsonString("datePublished") ?? Meta("article:published_time")
        ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime"));

    public DateTimeOffset? Modified => ParseDate(JsonString("dateModified") ?? Meta("article:modified_time"));

    public Uri? Canonical => Absolute(document.QuerySelector("link[rel=canonical]")?.GetAttribute("href") ?? Meta("og:url"));

    public Uri? LeadImage => Absolute(Meta("og:image") ?? JsonImage() ?? Meta("twitter:image"));

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
        foreach (var category in document.QuerySelectorAll("a[rel~=category]").Select(a => a.TextContent.Trim()).Distinct())
            if (category.Length is > 0 and < 60) yield return new(category, "category-link");
        if (UrlSection() is { } fromPath) yield return new(fromPath, "url-path");
    }

    /// <summary>Breadcrumb trail entries between "Home" and the article itself.</summary>
    private IEnumerable<string> Breadcrumbs()
    {
        var trail = document.QuerySelector("[class*=breadcrumb] , [id*=breadcrumb], nav[aria-label=Breadcrumb i]");
        if (trail is null) yield break;
        var links = trail.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).Where(t => t.Length is > 0 and < 60).ToList();
        foreach (var link in links.Where(l => !l.Equals("Home", StringComparison.OrdinalIgnoreCase)))
            yield return link;
    }

    /// <summary>The first path segment when it reads like a section name (/world-defense/story-slug/).</summary>
    private string? UrlSection()
    {
        var segments = pageUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2) return null;
        var first = Uri.UnescapeDataString(segments[0]);
        if (first.Length is < 3 or > 40 || first.Any(char.IsDigit) || first.Contains('.')) return null;
        return first;
    }

    private Uri? Absolute(string? url) =>
        url is not null && Uri.TryCreate(pageUrl, url, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : null;

    private string? Meta(string name) =>
        document.QuerySelector($"meta[property='{name}'], meta[name='{name}']")?.GetAttribute("content")?.Trim().NullIfEmpty();

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
            JsonValueKind.Object when author.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String => name.GetString()?.Trim().NullIfEmpty(),
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

    private static JsonElement? FindArticleJsonLd(IDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var parsed = JsonDocument.Parse(script.TextContent);
                if (FindArticle(parsed.RootElement) is { } article) return article.Clone();
            }
            catch (JsonException)
            {
                // A broken JSON-LD block is common; the meta tags still count.
            }
        }
        return null;
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
