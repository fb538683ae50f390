using Ganss.Xss;

namespace FeedHub.Core.Extraction;

/// <summary>
/// The last step before anything is stored or published: an allow-list sanitizer (HtmlSanitizer)
/// that drops script, style, event handlers, forms and javascript: URLs, and makes links absolute.
/// </summary>
public sealed class ContentSanitizer
{
    private static readonly string[] DroppedTags =
        ["form", "input", "button", "select", "option", "textarea", "label", "fieldset", "legend", "style", "font", "center"];

    private static readonly string[] DroppedAttributes = ["class", "id", "style", "align", "bgcolor", "border", "color"];

    private readonly HtmlSanitizer sanitizer;

    public ContentSanitizer()
    {
        sanitizer = new HtmlSanitizer();
        foreach (var tag in DroppedTags) sanitizer.AllowedTags.Remove(tag);
        foreach (var attribute in DroppedAttributes) sanitizer.AllowedAttributes.Remove(attribute);
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowDataAttributes = false;
    }

    /// <summary>Sanitized HTML, with relative URLs resolved against <paramref name="baseUrl"/>.</summary>
    public string Sanitize(string html, Uri? baseUrl) => sanitizer.Sanitize(html, baseUrl?.AbsoluteUri ?? "");
}
