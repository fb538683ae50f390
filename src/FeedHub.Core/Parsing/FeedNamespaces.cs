using System.Xml.Linq;

namespace FeedHub.Core.Parsing;

/// <summary>The XML namespaces feeds use, in one place: which are RSS or Atom themselves, and which modules FeedHub reads.</summary>
internal static class FeedNamespaces
{
    public const string Atom10 = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string DublinCore = "http://purl.org/dc/elements/1.1/";
    public const string DublinCoreTerms = "http://purl.org/dc/terms/";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Xlink = "http://www.w3.org/1999/xlink";
    public const string ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public const string MediaRss = "http://search.yahoo.com/mrss/";

    /// <summary>Namespaces whose elements are RSS or Atom core elements (the formats' own, and the ones early RSS versions used).</summary>
    public static readonly HashSet<string> Core =
    [
        "", Atom10, Atom03, Rss090, "http://purl.org/rss/1.0/", "http://backend.userland.com/rss", "http://backend.userland.com/rss2",
        "http://blogs.law.harvard.edu/tech/rss", "http://purl.org/rss/1.0/modules/rss091#", "http://purl.org/net/rss1.1#",
        "http://example.com/newformat#", "http://example.com/necho", "http://purl.org/echo/", "uri/of/echo/namespace#", "http://purl.org/pie/",
    ];

    /// <summary>The modules FeedHub reads, by namespace: the prefix its element keys carry ("dc:creator").</summary>
    public static readonly Dictionary<string, string> ModulePrefixes = new()
    {
        [DublinCore] = "dc",
        [DublinCoreTerms] = "dcterms",
        [Content] = "content",
        [Xhtml] = "xhtml",
        ["http://web.resource.org/cc/"] = "cc",
        ["http://backend.userland.com/creativeCommonsRssModule"] = "cc",
        ["http://creativecommons.org/ns#license"] = "cc",
        [ITunes] = "itunes",
        [MediaRss] = "media",
        ["http://search.yahoo.com/mrss"] = "media",
    };

    /// <summary>Well-known prefixes feeds use without declaring them, for the lenient reader.</summary>
    public static readonly Dictionary<string, string> UndeclaredPrefixes = new()
    {
        ["dc"] = DublinCore,
        ["dcterms"] = DublinCoreTerms,
        ["content"] = Content,
        ["atom"] = Atom10,
        ["rdf"] = Rdf,
        ["xhtml"] = Xhtml,
        ["media"] = MediaRss,
        ["itunes"] = ITunes,
        ["xml"] = XNamespace.Xml.NamespaceName,
    };
}
