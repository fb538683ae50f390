using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace FeedHub.Core.Configuration;

/// <summary>
/// OPML 2.0 subscription lists: sources out, and outlines in. Feed readers know only a title, a feed URL and
/// categories (FeedHub writes sections as categories for them); FeedHub's own fields travel as attributes of
/// its own namespace, which OPML 2.0 allows and readers ignore, so an export imports back as the same sources.
/// </summary>
public static partial class Opml
{
    /// <summary>The namespace of FeedHub's attributes. An identifier, never fetched (.example is reserved, RFC 2606).</summary>
    public static readonly XNamespace FeedHub = "https://feedhub.example/opml";

    /// <summary>
    /// One outline that may be a feed (it has an xmlUrl, or no outlines inside it: a folder is not reported), where it
    /// is in the file, and FeedHub's own attributes as written (null when absent; checked on import).
    /// </summary>
    public sealed record Outline(int Line, string Title, string? Url, IReadOnlyList<string> Categories,
        string? Id, string? Sections, string? Interval, string? Enabled);

    public static string Export(FeedHubConfiguration configuration, DateTimeOffset now)
    {
        var body = new XElement("body", configuration.Catalog.Sources.Select(source =>
        {
            var outline = new XElement("outline",
                new XAttribute("type", "rss"),
                new XAttribute("text", source.Name ?? source.Id),
                new XAttribute("title", source.Name ?? source.Id),
                new XAttribute("xmlUrl", source.Url),
                new XAttribute(FeedHub + "id", source.Id));
            var sections = source.AllSections();
            if (sections.Count > 0)
                outline.Add(new XAttribute("category", string.Join(',', sections.Select(s => "/" + s))),
                    new XAttribute(FeedHub + "sections", string.Join(',', sections)));
            if (source.Interval is { } interval) outline.Add(new XAttribute(FeedHub + "interval", interval.ToString("c")));
            if (!source.Enabled) outline.Add(new XAttribute(FeedHub + "enabled", "false"));
            return outline;
        }));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "feedhub", FeedHub),
                new XElement("head", new XElement("title", "FeedHub sources"), new XElement("dateCreated", now.ToString("R"))),
                body));
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
            document.Save(writer);
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"") + "\n";
    }

    /// <summary>
    /// Every outline that may be a feed, in file order. Its categories are its category attribute's last path
    /// segments and the titles of the outlines it sits in (readers file feeds in folders).
    /// </summary>
    /// <exception cref="XmlException">The file is not well-formed XML, or its root is not &lt;opml&gt;.</exception>
    public static IReadOnlyList<Outline> Read(Stream opml)
    {
        // A DOCTYPE is skipped, never read: its entities stay undefined (so an entity bomb or an external entity is an
        // error naming the entity), and a reader's export that merely declares one still imports. Prohibit answered
        // operators with .NET's advice to developers ("set the DtdProcessing property ...").
        using var reader = XmlReader.Create(opml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        if (document.Root?.Name.LocalName is { } root and not "opml")
            throw new XmlException($"the root element is <{root}>, not <opml>"); // a feed given by mistake: no outlines, said so
        return document.Descendants("outline")
            .Where(o => Attribute(o, "xmlUrl") is not null || !o.Elements("outline").Any())
            .Select(o => new Outline(
                ((IXmlLineInfo)o).LineNumber,
                Attribute(o, "title") ?? Attribute(o, "text") ?? Attribute(o, "xmlUrl") ?? "",
                Attribute(o, "xmlUrl"),
                (Attribute(o, "category") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(c => c.TrimEnd('/').Split('/').Last())
                    .Concat(o.Ancestors("outline").Select(a => Attribute(a, "text") ?? Attribute(a, "title") ?? ""))
                    .Where(c => c.Length > 0).ToList(),
                Attribute(o, FeedHub + "id"), Attribute(o, FeedHub + "sections"), Attribute(o, FeedHub + "interval"), Attribute(o, FeedHub + "enabled")))
            .ToList();
    }

    /// <summary>A source id from a title: lower-case letters and digits joined by dashes ("BBC News: World" gives "bbc-news-world").</summary>
    public static string IdFor(string title)
    {
        var id = NonAlphanumeric().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return id.Length == 0 ? "source" : id.Length > 40 ? id[..40].TrimEnd('-') : id;
    }

    /// <summary>The attribute's trimmed value; null when it is absent or blank.</summary>
    private static string? Attribute(XElement element, XName name) =>
        ((string?)element.Attribute(name))?.Trim() is { Length: > 0 } value ? value : null;

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
