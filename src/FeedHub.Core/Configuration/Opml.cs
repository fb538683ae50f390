using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace FeedHub.Core.Configuration;

/// <summary>OPML 2.0 subscription lists: sources out (sections as outline categories), and sources in.</summary>
public static partial class Opml
{
    /// <summary>A feed found in an OPML file, with the category names it was filed under.</summary>
    public sealed record Subscription(string Title, string Url, IReadOnlyList<string> Categories);

    public static string Export(FeedHubConfiguration configuration, DateTimeOffset now)
    {
        var body = new XElement("body", configuration.Catalog.Sources.Select(source =>
        {
            var outline = new XElement("outline",
                new XAttribute("type", "rss"),
                new XAttribute("text", source.Name ?? source.Id),
                new XAttribute("title", source.Name ?? source.Id),
                new XAttribute("xmlUrl", source.Url));
            var sections = source.AllSections();
            if (sections.Count > 0) outline.Add(new XAttribute("category", string.Join(',', sections.Select(s => "/" + s))));
            return outline;
        }));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"),
                new XElement("head", new XElement("title", "FeedHub sources"), new XElement("dateCreated", now.ToString("R"))),
                body));
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
            document.Save(writer);
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"") + "\n";
    }

    /// <summary>Every outline with an xmlUrl; its categories are its category attribute's last path segments and the outlines it sits in.</summary>
    /// <exception cref="XmlException">The file is not well-formed XML (DTDs are refused).</exception>
    public static IReadOnlyList<Subscription> Read(Stream opml)
    {
        using var reader = XmlReader.Create(opml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var document = XDocument.Load(reader);
        return document.Descendants("outline")
            .Where(o => !string.IsNullOrWhiteSpace((string?)o.Attribute("xmlUrl")))
            .Select(o => new Subscription(
                ((string?)o.Attribute("title") ?? (string?)o.Attribute("text") ?? (string)o.Attribute("xmlUrl")!).Trim(),
                ((string)o.Attribute("xmlUrl")!).Trim(),
                ((string?)o.Attribute("category") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(c => c.TrimEnd('/').Split('/').Last())
                    .Concat(o.Ancestors("outline").Select(a => ((string?)a.Attribute("text") ?? (string?)a.Attribute("title") ?? "").Trim()))
                    .Where(c => c.Length > 0).ToList()))
            .ToList();
    }

    /// <summary>A source id from a title: lower-case letters and digits joined by dashes ("BBC News: World" gives "bbc-news-world").</summary>
    public static string IdFor(string title)
    {
        var id = NonAlphanumeric().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return id.Length == 0 ? "source" : id.Length > 40 ? id[..40].TrimEnd('-') : id;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
