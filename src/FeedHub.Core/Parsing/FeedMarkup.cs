using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FeedHub.Core.Parsing;

/// <summary>
/// The markup inside feed text: inline XHTML serialized, HTML put in one well-formed shape
/// (attributes sorted and double-quoted, void elements as &lt;br /&gt;, text escaped, comments dropped),
/// relative URLs inside it resolved against the xml:base in scope, and plain text taken from either.
/// Sanitizing is not done here: it happens once, last, before anything is stored.
/// </summary>
internal static partial class FeedMarkup
{
    private static readonly HashSet<string> VoidElements =
        ["area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "isindex", "link", "meta", "param", "source", "track", "wbr"];

    private static readonly HashSet<string> UrlAttributes =
        ["href", "src", "cite", "action", "longdesc", "background", "poster", "usemap", "xlink:href", "formaction", "icon", "manifest", "codebase", "data", "profile"];

    /// <summary>
    /// HTML in one shape, tag by tag: names lower-cased (SVG and MathML keep theirs), attributes sorted, decoded and
    /// double-quoted, void elements as &lt;br /&gt;, comments and processing instructions dropped, a stray &lt; or
    /// &amp; escaped, relative URLs resolved against <paramref name="baseUri"/>. The structure is kept as written
    /// (no end tags are invented): building the tree is the sanitizer's job, which reads this before anything is stored.
    /// </summary>
    public static string NormalizeHtml(string html, Uri? baseUri)
    {
        if (html.IndexOfAny(['<', '&']) < 0) return html;
        var output = new StringBuilder(html.Length + 16);
        var position = 0;
        var foreignDepth = 0; // inside <svg> or <math>, where names are case-sensitive
        foreach (Match token in HtmlToken().Matches(html))
        {
            AppendText(output, html.AsSpan(position, token.Index - position));
            position = token.Index + token.Length;
            if (token.Groups["cdata"].Success) output.Append(EscapeText(token.Groups["cdata"].Value));
            else if (token.Groups["end"].Success)
            {
                var name = token.Groups["end"].Value;
                if (foreignDepth > 0
                    && (name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase))) foreignDepth--;
                output.Append("</").Append(foreignDepth > 0 ? name : name.ToLowerInvariant()).Append('>');
            }
            else if (token.Groups["start"].Success)
            {
                var raw = token.Groups["start"].Value;
                var opensForeign = raw.Equals("svg", StringComparison.OrdinalIgnoreCase) || raw.Equals("math", StringComparison.OrdinalIgnoreCase);
                var keepCase = foreignDepth > 0 || opensForeign;
                var name = keepCase ? raw : raw.ToLowerInvariant();
                output.Append('<').Append(name);
                WriteAttributes(output, token.Groups["attrs"].Value, keepCase, baseUri);
                var selfClosed = token.Groups["selfclose"].Success;
                if (VoidElements.Contains(name)) output.Append(" />");
                else
                {
                    output.Append('>');
                    if (opensForeign && !selfClosed) foreignDepth++;
                }
            }
            // comments, declarations and processing instructions are dropped
        }
        AppendText(output, html.AsSpan(position));
        return output.ToString();
    }

    private static void WriteAttributes(StringBuilder output, string text, bool keepCase, Uri? baseUri)
    {
        if (text.Length == 0) return;
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match attribute in HtmlAttribute().Matches(text))
        {
            var name = keepCase ? attribute.Groups["name"].Value : attribute.Groups["name"].Value.ToLowerInvariant();
            var value = attribute.Groups["value"].Success ? WebUtility.HtmlDecode(attribute.Groups["value"].Value) : name;
            attributes.TryAdd(name, UrlAttributes.Contains(name) ? Resolve(value, baseUri) : value);
        }
        if (attributes.Keys.Any(k => k.StartsWith("xlink:", StringComparison.Ordinal))) attributes.TryAdd("xmlns:xlink", FeedNamespaces.Xlink);
        foreach (var (name, value) in attributes)
            output.Append(' ').Append(name).Append("=\"").Append(EscapeAttribute(value)).Append('"');
    }

    /// <summary>Text as written, except that a &lt; or &amp; that starts no tag or reference is escaped.</summary>
    private static void AppendText(StringBuilder output, ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            var next = text.IndexOfAny('<', '&');
            if (next < 0)
            {
                output.Append(text);
                return;
            }
            output.Append(text[..next]);
            if (text[next] == '<') output.Append("&lt;");
            else if (Reference().Match(text[next..].ToString()) is { Success: true } reference)
            {
                output.Append(ControlCodeReference(reference.Value) ?? reference.Value);
                text = text[(next + reference.Length)..];
                continue;
            }
            else output.Append("&amp;");
            text = text[(next + 1)..];
        }
    }

    [GeneratedRegex("""<!\[CDATA\[(?<cdata>[\s\S]*?)\]\]>|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?>|<![A-Za-z][^>]*>|</(?<end>[A-Za-z][^\s>/]*)\s*>|<(?<start>[A-Za-z][^\s/>]*)(?<attrs>(?:[^>"'/]+|/(?!>)|"[^"]*"|'[^']*')*)(?<selfclose>/)?>""")]
    private static partial Regex HtmlToken();

    [GeneratedRegex("""(?<name>[^\s=/"'<>]+)(?:\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)'|(?<value>[^\s>]+)))?""")]
    private static partial Regex HtmlAttribute();

    /// <summary>&amp;#146; and the like: a windows-1252 code point written as a character reference, as the character meant.</summary>
    private static string? ControlCodeReference(string reference)
    {
        if (reference.Length < 4 || reference[1] != '#') return null;
        var hex = reference[2] is 'x' or 'X';
        if (!int.TryParse(reference.AsSpan(hex ? 3 : 2, reference.Length - (hex ? 4 : 3)),
                hex ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var code) || code is < 0x80 or > 0x9F) return null;
        return $"&#x{(int)Windows1252[code - 0x80]:x};";
    }

    [GeneratedRegex("^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")]
    private static partial Regex Reference();

    /// <summary>A relative URL made absolute against the base; anything unresolvable stays as written.</summary>
    public static string Resolve(string url, Uri? baseUri)
    {
        var trimmed = url.Trim();
        if (baseUri is null || trimmed.StartsWith('#')) return url;
        if (!Uri.TryCreate(baseUri, trimmed, out var absolute)) return url;
        if (absolute.OriginalString == trimmed) return trimmed;
        // International addresses stay readable (an IRI), as the feed wrote them; the rest in the usual escaped form.
        return trimmed.Any(c => c > 127) || baseUri.OriginalString.Any(c => c > 127) ? absolute.ToString() : absolute.AbsoluteUri;
    }

    private static string EscapeText(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string EscapeAttribute(string text) =>
        text.Replace("&", "&amp;").Replace("\"", "&quot;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>The children of an XML element written out as markup (inline XHTML, or HTML a feed left unescaped).</summary>
    public static string InnerXml(XElement element)
    {
        var output = new StringBuilder();
        foreach (var node in element.Nodes()) WriteXml(output, node);
        return output.ToString();
    }

    private static void WriteXml(StringBuilder output, XNode node)
    {
        switch (node)
        {
            case XText text: // CDATA too
                output.Append(EscapeText(text.Value));
                break;
            case XElement element:
                // Elements by local name; an element leaving its parent's namespace (SVG or MathML in XHTML) declares
                // the new one, so that the HTML parser reading this back puts it in the right namespace.
                var name = element.Name.LocalName;
                output.Append('<').Append(name);
                var ns = element.Name.NamespaceName;
                if (ns.Length > 0 && ns != FeedNamespaces.Xhtml && ns != element.Parent?.Name.NamespaceName)
                    output.Append(" xmlns=\"").Append(EscapeAttribute(ns)).Append('"');
                foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
                {
                    var prefix = attribute.Name.Namespace == XNamespace.None ? "" : attribute.Name.Namespace == XNamespace.Xml ? "xml:"
                        : attribute.Name.NamespaceName == FeedNamespaces.Xlink ? "xlink:" : "";
                    output.Append(' ').Append(prefix).Append(attribute.Name.LocalName).Append("=\"").Append(EscapeAttribute(attribute.Value)).Append('"');
                }
                output.Append('>');
                foreach (var child in element.Nodes()) WriteXml(output, child);
                output.Append("</").Append(name).Append('>');
                break;
        }
    }

    /// <summary>
    /// Characters U+0080-U+009F are control codes no one writes; in feeds they are windows-1252 punctuation
    /// (curly quotes, dashes, the euro sign) put through the wrong decoder. They are read as such, as browsers
    /// do for the same numeric references.
    /// </summary>
    public static string FixControlCodes(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\u0080', '\u009F') < 0) return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] is >= '\u0080' and <= '\u009F' ? Windows1252[source[i] - 0x80] : source[i];
        });
    }

    private static readonly char[] Windows1252 =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178".ToCharArray();

    /// <summary>
    /// Plain text from feed text (titles, people, categories, feed names), still plain text after any further
    /// decoding a reader may do: markup removed with what script, style and the like hold, entities decoded, and
    /// both again while that changes. Feeds escape twice (a title &amp;amp;lt;img onerror=...&amp;amp;gt; is a live
    /// tag to a reader that shows RSS titles as HTML) and JSON Feed or Atom "text" titles hold tags as text, so
    /// text given as plain is read the same way (issue 14, items 9 and 10).
    /// </summary>
    public static string PlainText(string value)
    {
        var text = value;
        for (var round = 0; text.AsSpan().IndexOfAny('<', '&') >= 0; round++)
        {
            // Eight levels of escaping is no accident: what is left can only be markup, so its delimiters go.
            if (round == MaxDecodeRounds) return PlainText(text.Replace("<", " ").Replace("&", " "));
            var next = WebUtility.HtmlDecode(
                Semicolons().Replace(Tags().Replace(NonTextElements().Replace(text, " "), " "), m => m.Value.ToLowerInvariant() + ";"));
            if (next == text) break;
            text = next;
        }
        return Spaces().Replace(text, " ").Trim();
    }

    /// <summary><see cref="PlainText(string)"/>, null for null or when nothing is left (a name that was all markup).</summary>
    public static string? PlainTextOrNull(string? value) => value is null ? null : PlainText(value) is { Length: > 0 } text ? text : null;

    private const int MaxDecodeRounds = 8;

    /// <summary>Elements whose content is not text to show: script, style and their kind, up to their end tag or the end.</summary>
    [GeneratedRegex(@"<(script|style|noscript|template|iframe|noembed|noframes|textarea|xmp)\b[^>]*>[\s\S]*?(?:</\1\s*>|$)", RegexOptions.IgnoreCase)]
    private static partial Regex NonTextElements();

    /// <summary>What an HTML parser takes for a tag, comment or declaration; one left open at the end counts too.</summary>
    [GeneratedRegex(@"<!--[\s\S]*?(?:-->|$)|</?[A-Za-z][^>]*(?:>|$)|<[!?][^>]*(?:>|$)")]
    private static partial Regex Tags();

    /// <summary>&amp;lt (or &amp;LT, &amp;#60) without its semicolon, which browsers decode and WebUtility does not: one is added.</summary>
    [GeneratedRegex(@"&(?:(?:lt|gt|amp|quot)(?!;)|#0*(?:60|62|38)(?![;\d])|#x0*(?:3c|3e|26)(?![;\da-f]))", RegexOptions.IgnoreCase)]
    private static partial Regex Semicolons();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
