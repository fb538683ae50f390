using Ganss.Xss;

namespace FeedHub.Core.Extraction;

/// <summary>
/// The last step before anything is stored or published: an allow-list sanitizer (HtmlSanitizer)
/// that drops script, style, event handlers, forms and javascript: URLs, and makes links absolute.
/// Iframes stay only when they embed from a video or audio player on <see cref="EmbedHosts"/>.
/// </summary>
public sealed class ContentSanitizer
{
    /// <summary>Players whose embeds are kept; anything else in an iframe is dropped.</summary>
    public static readonly IReadOnlySet<string> EmbedHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com", "www.dailymotion.com",
        "open.spotify.com", "w.soundcloud.com", "embed.ted.com",
    };

    public static bool IsAllowedEmbed(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme == "https" && EmbedHosts.Contains(parsed.Host);

    private static readonly string[] DroppedTags =
        ["form", "input", "button", "select", "option", "textarea", "label", "fieldset", "legend", "style", "font", "center"];

    private static readonly string[] DroppedAttributes = ["class", "id", "style", "align", "bgcolor", "border", "color"];

    private static readonly ThreadLocal<AngleSharp.Html.Parser.HtmlParser> Parsers =
        new(() => new AngleSharp.Html.Parser.HtmlParser(new AngleSharp.Html.Parser.HtmlParserOptions(), ParseContext.WithoutObservers()));
    private readonly HtmlSanitizer sanitizer;

    public ContentSanitizer()
    {
        sanitizer = new HtmlSanitizer();
        // HtmlSanitizer's default factory builds a new browsing context with CSS support for every call;
        // style attributes are not allowed here, so one plain parser per thread does (a parser is not shared across threads).
        sanitizer.HtmlParserFactory = () => Parsers.Value!;
        foreach (var tag in DroppedTags) sanitizer.AllowedTags.Remove(tag);
        foreach (var attribute in DroppedAttributes) sanitizer.AllowedAttributes.Remove(attribute);
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowDataAttributes = false;
        sanitizer.AllowedTags.Add("iframe");
        sanitizer.AllowedAttributes.UnionWith(["allowfullscreen", "frameborder"]);
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.Tag.LocalName == "iframe" && !IsAllowedEmbed(e.SanitizedUrl)) e.SanitizedUrl = null;
        };
        sanitizer.PostProcessDom += (_, e) =>
        {
            foreach (var frame in e.Document.QuerySelectorAll("iframe:not([src])").ToList()) frame.Remove();
        };
    }

    /// <summary>Sanitized HTML, with relative URLs resolved against <paramref name="baseUrl"/>.</summary>
    public string Sanitize(string html, Uri? baseUrl) => sanitizer.Sanitize(html, baseUrl?.AbsoluteUri ?? "");
}
