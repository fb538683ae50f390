using System.Globalization;
using System.Xml.Linq;
using FeedHub.Core.Model;
using static FeedHub.Core.Parsing.FeedNamespaces;

namespace FeedHub.Core.Parsing;

/// <summary>The pieces feeds and entries share: links, people, categories, text constructs, URLs and languages in scope.</summary>
internal sealed partial class XmlFeedReader
{
    private void AddLink(List<FeedLink> links, XElement element)
    {
        if ((string?)element.Attribute("href") is { } href)
        {
            var rel = ((string?)element.Attribute("rel"))?.Trim() is { Length: > 0 } declared ? declared : "alternate";
            var type = (string?)element.Attribute("type") ?? (rel == "self" && IsAtom(element) ? "application/atom+xml" : null);
            links.Add(new FeedLink(Url(element, href), rel, type, (string?)element.Attribute("title"),
                (string?)element.Attribute("hreflang"), (string?)element.Attribute("length")));
        }
        else if (Value(element) is { } text) // RSS <link>, and the Atom link some feeds write with the URL as its text
            links.Add(new FeedLink(Url(element, text), ((string?)element.Attribute("rel"))?.Trim() is { Length: > 0 } rel ? rel : "alternate",
                (string?)element.Attribute("type") ?? "text/html"));
    }

    private static FeedLink? Alternate(List<FeedLink> links) => links.FirstOrDefault(l => l.Rel == "alternate");

    private static Uri? AbsoluteHttp(FeedLink? link) => WebUrl.Parse(link?.Href);

    private void AddPerson(List<FeedPerson> people, XElement element)
    {
        if (element.HasElements)
        {
            string? Child(params string[] names) => element.Elements().Where(e => names.Contains(Key(e))).Select(Value).FirstOrDefault(v => v is not null);
            var href = Child("uri", "url", "homepage");
            var person = new FeedPerson(FeedMarkup.PlainTextOrNull(Child("name")), FeedMarkup.PlainTextOrNull(Child("email")), href is null ? null : Url(element, href));
            if (person.Name is not null || person.Email is not null || person.Href is not null) people.Add(person);
        }
        else if (Value(element) is { } text && People.FromRssText(text) is { Display: not null } person)
            people.Add(person); // not one that was all markup
    }

    private static void AddCategory(List<FeedCategory> tags, XElement element)
    {
        // Categories become section candidates and published tags: plain text, cleaned like titles.
        var term = FeedMarkup.PlainTextOrNull((string?)element.Attribute("term")) ?? FeedMarkup.PlainTextOrNull(Value(element));
        var scheme = (string?)element.Attribute("scheme") ?? (string?)element.Attribute("domain");
        var label = FeedMarkup.PlainTextOrNull((string?)element.Attribute("label"));
        if (term is not null || label is not null) tags.Add(new FeedCategory(term ?? label!, string.IsNullOrEmpty(scheme) ? null : scheme, label));
    }

    private string? License(XElement element) =>
        (string?)element.Attribute(XName.Get("resource", Rdf)) is { } resource ? Url(element, resource) : Value(element) is { } text ? Url(element, text) : null;

    /// <summary>A text construct: its declared type (Atom type, Atom 0.3 mode), base64 and inline XHTML undone, HTML normalized.</summary>
    private FeedText Text(XElement element, string defaultType)
    {
        var type = TextType((string?)element.Attribute("type"), defaultType);
        var mode = ((string?)element.Attribute("mode"))?.Trim().ToLowerInvariant();
        string value;
        if (mode == "base64" || (element.Name.NamespaceName == Atom10 && IsBinary(type)))
            value = Base64(element.Value);
        else if (type == "text/html" && EscapedHtmlInXhtmlDiv(element) is { } escaped)
            value = escaped.Trim();
        else if (element.HasElements)
        {
            var inline = element;
            if (type == "application/xhtml+xml" && element.Name.NamespaceName == Atom10
                && element.Elements().Count() == 1 && element.Elements().Single() is { Name.LocalName: "div" } div
                && !element.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
                inline = div; // Atom 1.0 wraps inline XHTML in a div that is not part of the content
            value = FeedMarkup.InnerXml(inline).Trim();
            if (type is not ("application/xhtml+xml" or "text/html")) type = mode == "xml" || type == "text/plain" ? "application/xhtml+xml" : "text/html";
        }
        else
            value = element.Value.Trim();
        value = FeedMarkup.FixControlCodes(value);
        if (type == "guess") type = LooksLikeHtml(value) ? "text/html" : "text/plain";
        var baseUri = BaseOf(element);
        var src = (string?)element.Attribute("src") is { } reference ? Url(element, reference) : null;
        return type is "text/html" or "application/xhtml+xml"
            ? new FeedText(() => FeedMarkup.NormalizeHtml(value, baseUri), type, Language(element), baseUri.OriginalString) { Src = src }
            : new FeedText(value, type, Language(element), baseUri.OriginalString) { Src = src };
    }

    /// <summary>
    /// The text of a type="html" construct that wraps its escaped HTML in an XHTML div holding only text (as TypePad
    /// wrote them): the div is a wrapper, the escaped text is the HTML. Null for any other shape.
    /// </summary>
    private static string? EscapedHtmlInXhtmlDiv(XElement element) =>
        element.Elements().Count() == 1 && element.Elements().Single() is { Name.LocalName: "div" } div
        && div.Name.NamespaceName == "http://www.w3.org/1999/xhtml" && !div.HasElements
        && !element.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value))
            ? div.Value
            : null;

    private static string TextType(string? declared, string defaultType) => declared?.Trim().ToLowerInvariant() switch
    {
        null or "" => defaultType,
        "text" or "text/plain" => "text/plain",
        "html" or "text/html" => "text/html",
        "xhtml" or "application/xhtml+xml" => "application/xhtml+xml",
        var other => other,
    };

    /// <summary>RFC 4287 4.1.3.3: content of a type that is neither text nor XML is base64.</summary>
    private static bool IsBinary(string type) =>
        type.Contains('/') && !type.StartsWith("text/", StringComparison.Ordinal)
            && !type.EndsWith("+xml", StringComparison.Ordinal) && !type.EndsWith("/xml", StringComparison.Ordinal);

    private static string Base64(string text)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))))).Trim();
        }
        catch (FormatException)
        {
            return text.Trim();
        }
    }

    /// <summary>An RSS title is HTML when it holds a tag or an entity; otherwise it is taken as plain text.</summary>
    private static bool LooksLikeHtml(string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, @"</?[A-Za-z][\w:-]*(\s[^<>]*)?/?>|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});");

    private static bool IsAtom(XElement element) => element.Name.NamespaceName is Atom10 or Atom03;

    /// <summary>The element's text, trimmed; null when empty.</summary>
    private static string? Value(XElement element) => FeedMarkup.FixControlCodes(element.Value.Trim()) is { Length: > 0 } text ? text : null;

    private string Url(XElement element, string url) => FeedMarkup.Resolve(url.Trim(), BaseOf(element));

    /// <summary>The base URL in scope: the document's URL, changed by every xml:base on the way down.</summary>
    private Uri BaseOf(XElement element)
    {
        if (bases.TryGetValue(element, out var cached)) return cached;
        var parent = element.Parent is null ? documentBase : BaseOf(element.Parent);
        var declared = ((string?)element.Attribute(XNamespace.Xml + "base"))?.Trim();
        if (declared is not null) declared = TripleSlash().Replace(declared, "$1://"); // "http:///example.com/" as its author meant it
        // Only an http(s) base is taken: javascript: or data: as a base would turn every relative link into script.
        var result = declared is { Length: > 0 } ? WebUrl.Resolve(parent, declared) ?? parent : parent;
        bases[element] = result;
        return result;
    }

    /// <summary>The xml:lang in scope ("en_US" read as "en-US"); an empty xml:lang means the language is unknown.</summary>
    private string? Language(XElement element)
    {
        var declared = element.AncestorsAndSelf().Select(e => (string?)e.Attribute(XNamespace.Xml + "lang")).FirstOrDefault(l => l is not null) ?? defaultLanguage;
        return string.IsNullOrWhiteSpace(declared) ? null : declared.Trim().Replace('_', '-');
    }

    /// <summary>An id as written; a relative Atom id (a path) is resolved like any other URL.</summary>
    private string? AtomId(XElement element) =>
        Value(element) is { } id && IsAtom(element) && id[0] is '/' or '.' ? Url(element, id) : Value(element);

    private IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName.Equals(localName, StringComparison.OrdinalIgnoreCase) && IsCore(e.Name.NamespaceName));

    private bool IsCore(string ns) => FeedNamespaces.Core.Contains(ns) || ns == rootNamespace;

    /// <summary>"title" for an RSS or Atom element, "dc:creator" for a module's, null for a namespace FeedHub does not read.</summary>
    private string? Key(XElement element)
    {
        var ns = element.Name.NamespaceName;
        var local = element.Name.LocalName.ToLowerInvariant();
        if (IsCore(ns)) return local;
        return ModulePrefixes.TryGetValue(ns, out var prefix) ? prefix + ":" + local : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(https?):///+")]
    private static partial System.Text.RegularExpressions.Regex TripleSlash();
}
