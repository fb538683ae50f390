using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FeedHub.Core.Parsing;

/// <summary>
/// Reading for feeds that are not well-formed XML, which is common: HTML entities XML does not know
/// (&amp;nbsp;), bare ampersands, control characters, undeclared prefixes, tags closed in the wrong
/// order or never. First the text is repaired and given to the strict parser again; when that still
/// fails, a forgiving tree builder reads elements, attributes and text the way a browser would read
/// tag soup, so that the items still come through. Neither step expands entities a DTD declares.
/// </summary>
internal static partial class LenientXml
{
    /// <summary>The text with what commonly breaks feeds mended: HTML entities as character references, bare &amp;
    /// escaped, control characters removed.</summary>
    public static string Repair(string xml)
    {
        var mended = Entity().Replace(xml, match =>
        {
            var name = match.Groups["name"];
            if (!name.Success) return match.Value; // a character reference
            if (name.Value is "amp" or "lt" or "gt" or "quot" or "apos") return match.Value;
            var decoded = WebUtility.HtmlDecode(match.Value);
            return decoded != match.Value ? string.Concat(decoded.EnumerateRunes().Select(r => $"&#{r.Value};")) : "&amp;" + match.Value[1..];
        });
        mended = BareAmpersand().Replace(mended, "&amp;");
        return InvalidCharacters().Replace(mended, "");
    }

    [GeneratedRegex(@"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|(?<name>[A-Za-z][A-Za-z0-9]*);)")]
    private static partial Regex Entity();

    [GeneratedRegex(@"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")]
    private static partial Regex BareAmpersand();

    [GeneratedRegex(@"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]")]
    private static partial Regex InvalidCharacters();

    /// <summary>A tree from tag soup: unclosed elements close with their parent, stray end tags are ignored, nesting stops at <see cref="ShallowXmlReader.MaxDepth"/> levels.</summary>
    public static XDocument BuildTree(string text)
    {
        var stack = new List<(XElement Element, Dictionary<string, string> Namespaces)>();
        XElement? root = null;
        var position = 0;
        foreach (Match token in Token().Matches(text))
        {
            if (token.Index > position && stack.Count > 0)
                stack[^1].Element.Add(new XText(Decode(text[position..token.Index])));
            position = token.Index + token.Length;
            if (token.Groups["cdata"].Success)
            {
                if (stack.Count > 0) stack[^1].Element.Add(new XText(token.Groups["cdata"].Value));
            }
            else if (token.Groups["end"].Success)
            {
                var name = token.Groups["end"].Value;
                var open = stack.FindLastIndex(s => QualifiedName(s.Element) == name);
                if (open >= 0) stack.RemoveRange(open, stack.Count - open);
            }
            else if (token.Groups["start"].Success)
            {
                var scope = new Dictionary<string, string>(stack.Count > 0 ? stack[^1].Namespaces : []);
                var attributes = Attributes(token.Groups["attrs"].Value, scope);
                var element = new XElement(Name(token.Groups["start"].Value, scope, isAttribute: false));
                element.SetAttributeValue(XName.Get("qname", "urn:feedhub:lenient"), token.Groups["start"].Value);
                foreach (var (name, value) in attributes)
                    if (element.Attribute(name) is null) element.Add(new XAttribute(name, value));
                if (stack.Count > 0) stack[^1].Element.Add(element);
                else if (root is null) root = element;
                else continue; // a second root: ignore it
                // Past ShallowXmlReader.MaxDepth an element opens no deeper level (its content goes to the deepest open
                // element): unclosed tags would otherwise nest without end, at a cost that grows with the square of the depth.
                if (!token.Groups["selfclose"].Success && !token.Value.EndsWith("/>", StringComparison.Ordinal) && stack.Count < ShallowXmlReader.MaxDepth)
                    stack.Add((element, scope));
            }
        }
        if (position < text.Length && stack.Count > 0) stack[^1].Element.Add(new XText(Decode(text[position..])));
        if (root is null) throw new System.Xml.XmlException("no element found");
        // A document cut off in the middle of an item: that item is incomplete, the ones before it are whole.
        foreach (var (element, _) in stack.Where(s => s.Element.Name.LocalName is "item" or "entry")) element.Remove();
        foreach (var marker in root.DescendantsAndSelf().Attributes(XName.Get("qname", "urn:feedhub:lenient")).ToList()) marker.Remove();
        return new XDocument(root);
    }

    private static string QualifiedName(XElement element) =>
        (string?)element.Attribute(XName.Get("qname", "urn:feedhub:lenient")) ?? element.Name.LocalName;

    private static List<(XName Name, string Value)> Attributes(string text, Dictionary<string, string> scope)
    {
        var raw = Attribute().Matches(text).Select(m => (Name: m.Groups["name"].Value, Value: Decode(m.Groups["value"].Value))).ToList();
        foreach (var (name, value) in raw)
        {
            if (name == "xmlns") scope[""] = value;
            else if (name.StartsWith("xmlns:", StringComparison.Ordinal)) scope[name[6..]] = value;
        }
        return raw.Where(a => a.Name != "xmlns" && !a.Name.StartsWith("xmlns:", StringComparison.Ordinal))
            .Select(a => (Name(a.Name, scope, isAttribute: true), a.Value)).ToList();
    }

    private static XName Name(string qualified, Dictionary<string, string> scope, bool isAttribute)
    {
        var colon = qualified.IndexOf(':');
        var local = XmlSafe(colon < 0 ? qualified : qualified[(colon + 1)..]);
        if (colon < 0) return isAttribute ? XName.Get(local) : XName.Get(local, scope.GetValueOrDefault("", ""));
        var prefix = qualified[..colon];
        var ns = scope.GetValueOrDefault(prefix) ?? FeedNamespaces.UndeclaredPrefixes.GetValueOrDefault(prefix) ?? "urn:feedhub:undeclared:" + prefix;
        return XName.Get(local, ns);
    }

    private static string XmlSafe(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name) builder.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        if (builder.Length == 0 || !char.IsLetter(builder[0]) && builder[0] != '_') builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>Text with its references decoded; HTML entity names are known, a bare &amp; stays as it is.</summary>
    private static string Decode(string text) => text.Contains('&') ? WebUtility.HtmlDecode(text) : text;

    [GeneratedRegex("""<!\[CDATA\[(?<cdata>[\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|</(?<end>[^\s>]+)\s*>|<(?<start>[A-Za-z_][^\s/>]*)(?<attrs>(?:[^>"']|"[^"]*"|'[^']*')*?)(?<selfclose>/)?>""")]
    private static partial Regex Token();

    [GeneratedRegex("""(?<name>[^\s=/"']+)\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)'|(?<value>[^\s>]+))""")]
    private static partial Regex Attribute();
}
