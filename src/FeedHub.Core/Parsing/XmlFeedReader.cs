using System.Globalization;
using System.Xml.Linq;
using FeedHub.Core.Model;
using static FeedHub.Core.Parsing.FeedNamespaces;

namespace FeedHub.Core.Parsing;

/// <summary>
/// Reads an XML feed document (RSS 0.90-2.0, RSS 1.0/RDF, Atom 0.3 and 1.0) into the one feed model.
/// Elements are recognised by namespace and local name wherever they appear, as feeds mix formats freely
/// (atom:link in RSS, dc:creator in Atom); elements of unknown namespaces are ignored. Relative URLs are
/// resolved against the xml:base in scope, which starts at the document's URL.
/// </summary>
internal sealed partial class XmlFeedReader(Uri documentBase, string? defaultLanguage)
{
    private readonly Dictionary<XElement, Uri> bases = [];
    private string rootNamespace = "";

    /// <summary>The feed in the document, or null with <paramref name="notAFeed"/> saying what the document is instead.</summary>
    public ParsedFeed? Read(XDocument document, bool netscapeDoctype, out string? notAFeed)
    {
        notAFeed = null;
        var root = document.Root!;
        switch (root.Name.LocalName.ToLowerInvariant())
        {
            case "rss":
            {
                rootNamespace = root.Name.NamespaceName; // RSS under any default namespace (rss2.1, ...) is still RSS
                var channel = Children(root, "channel").FirstOrDefault();
                var items = Children(root, "item").Concat(channel is null ? [] : Children(channel, "item"));
                return Feed(RssVersion(root, netscapeDoctype), channel ?? root, items);
            }
            case "rdf" when root.Name.NamespaceName == Rdf:
            {
                var channel = Children(root, "channel").FirstOrDefault();
                var items = Children(root, "item").Concat(channel is null ? [] : Children(channel, "item"));
                var version = channel?.Name.NamespaceName == Rss090 || root.GetDefaultNamespace().NamespaceName == Rss090 ? "rss090" : "rss10";
                return Feed(version, channel ?? root, items);
            }
            case "feed":
            {
                var version = root.Name.NamespaceName switch
                {
                    Atom10 => "atom10",
                    Atom03 => "atom03",
                    _ => (string?)root.Attribute("version") == "0.3" ? "atom03" : "atom",
                };
                return Feed(version, root, Children(root, "entry").Concat(Children(root, "item")));
            }
            case "channel":
                return Feed("rss", root, Children(root, "item"));
            default:
                notAFeed = $"the document is XML, but its root element <{root.Name.LocalName}> is not RSS, RDF or Atom";
                return null;
        }
    }

    private static string RssVersion(XElement root, bool netscapeDoctype)
    {
        var version = ((string?)root.Attribute("version"))?.Trim() ?? "";
        return version switch
        {
            "0.91" => netscapeDoctype ? "rss091n" : "rss091u",
            "0.92" => "rss092",
            "0.93" => "rss093",
            "0.94" => "rss094",
            _ when version.StartsWith("2.", StringComparison.Ordinal) => "rss20",
            _ => "rss",
        };
    }

    private ParsedFeed Feed(string version, XElement channel, IEnumerable<XElement> items)
    {
        var header = Header(channel);
        return new ParsedFeed
        {
            Format = version,
            Header = header,
            Title = header.TitleText is { } title ? FeedMarkup.PlainText(title.Value) : "",
            Entries = items.Select(Entry).ToList(),
        };
    }

    // ---- feed level ----

    private FeedHeader Header(XElement channel)
    {
        FeedText? title = null, subtitle = null, rights = null;
        string? id = null, language = null, icon = null, logo = null, license = null, publishedRaw = null, updatedRaw = null;
        FeedGenerator? generator = null;
        FeedImage? image = null;
        TimeSpan? ttl = null;
        List<FeedLink> links = [];
        List<FeedPerson> authors = [], contributors = [];
        List<FeedCategory> tags = [];
        foreach (var element in channel.Elements())
        {
            switch (Key(element))
            {
                case "title" or "dc:title": title ??= Text(element, "text/plain"); break;
                case "link": AddLink(links, element); break;
                case "description" or "subtitle" or "tagline" or "dc:description":
                    subtitle ??= Text(element, IsAtom(element) ? "text/plain" : "text/html"); break;
                case "rights" or "copyright" or "dc:rights": rights ??= Text(element, "text/plain"); break;
                case "id" or "guid": id ??= AtomId(element); break;
                case "language" or "dc:language": language ??= Value(element); break;
                case "published" or "issued" or "pubdate" or "dcterms:issued": publishedRaw = Value(element) ?? publishedRaw; break;
                case "updated" or "modified" or "lastbuilddate" or "dc:date" or "dcterms:modified": updatedRaw = Value(element) ?? updatedRaw; break;
                case "author" or "managingeditor" or "dc:creator" or "dc:author": AddPerson(authors, element); break;
                case "contributor" or "dc:contributor": AddPerson(contributors, element); break;
                case "category" or "dc:subject": AddCategory(tags, element); break;
                case "generator": generator ??= Generator(element); break;
                case "icon": icon ??= Value(element) is { } iconUrl ? Url(element, iconUrl) : null; break;
                case "logo": logo ??= Value(element) is { } logoUrl ? Url(element, logoUrl) : null; break;
                case "image": image ??= Image(element); break;
                case "ttl": ttl ??= Ttl(Value(element)); break;
                case "cc:license": license ??= License(element); break;
            }
        }
        return new FeedHeader
        {
            TitleText = title, Subtitle = subtitle, Rights = rights, Id = id, Language = language ?? Language(channel),
            Links = links, Link = AbsoluteHttp(Alternate(links)), Authors = authors, Contributors = contributors, Tags = tags,
            Published = FeedDates.Parse(publishedRaw), PublishedRaw = publishedRaw,
            Updated = FeedDates.Parse(updatedRaw), UpdatedRaw = updatedRaw,
            Generator = generator, Icon = icon, Logo = logo, Image = image, Ttl = ttl,
            License = license ?? links.FirstOrDefault(l => l.Rel == "license")?.Href,
        };
    }

    private static TimeSpan? Ttl(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(Math.Min(minutes, 60 * 24 * 7))
            : null;

    private FeedGenerator? Generator(XElement element)
    {
        var name = Value(element);
        var href = (string?)element.Attribute("uri") ?? (string?)element.Attribute("url");
        return name is null && href is null ? null : new FeedGenerator(name ?? "", href is null ? null : Url(element, href), (string?)element.Attribute("version"));
    }

    private FeedImage Image(XElement element)
    {
        string? Child(string name) => Children(element, name).Select(Value).FirstOrDefault();
        int? Number(string name) => int.TryParse(Child(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var href = Child("url") ?? (string?)element.Attribute(XName.Get("resource", Rdf));
        return new FeedImage(href is null ? null : Url(element, href), Child("title"), Child("link") is { } link ? Url(element, link) : null,
            Number("width"), Number("height"), Child("description"));
    }

    // ---- entry level ----

    private FeedEntry Entry(XElement item)
    {
        FeedText? title = null, summary = null, rights = null;
        string? id = null, guidLink = null, comments = null, license = null, language = null, publishedRaw = null, updatedRaw = null;
        var hasRssLink = false;
        FeedHeader? source = null;
        List<FeedText> content = [];
        List<FeedLink> links = [];
        List<FeedPerson> authors = [], contributors = [];
        List<FeedCategory> tags = [];
        List<FeedEnclosure> enclosures = [];
        foreach (var element in item.Elements())
        {
            switch (Key(element))
            {
                case "title" or "dc:title": title ??= Text(element, IsAtom(element) ? "text/plain" : "guess"); break;
                case "link":
                    hasRssLink |= element.Attribute("href") is null && Value(element) is not null;
                    AddLink(links, element);
                    break;
                case "id" or "guid":
                    id ??= AtomId(element);
                    // A permalink guid (isPermaLink absent or true) serves as the link when it is a web address; "12345" is not one.
                    if (Key(element) == "guid" && id is not null && !"false".Equals(((string?)element.Attribute("isPermaLink"))?.Trim(), StringComparison.OrdinalIgnoreCase)
                        && WebUrl.Parse(id) is not null)
                        guidLink ??= id;
                    break;
                case "summary" or "description" or "dc:description":
                    var text = Text(element, IsAtom(element) ? "text/plain" : "text/html");
                    if (summary is null) summary = text; else content.Add(text);
                    break;
                case "content": content.Add(Text(element, "text/plain")); break;
                case "content:encoded" or "fullitem": content.Add(Text(element, "text/html")); break;
                case "xhtml:body" or "body": content.Add(Text(element, "application/xhtml+xml")); break;
                case "published" or "issued" or "pubdate" or "dcterms:issued": publishedRaw = Value(element) ?? publishedRaw; break;
                case "updated" or "modified" or "dc:date" or "dcterms:modified": updatedRaw = Value(element) ?? updatedRaw; break;
                case "author" or "dc:creator" or "dc:author": AddPerson(authors, element); break;
                case "contributor" or "dc:contributor": AddPerson(contributors, element); break;
                case "category" or "dc:subject": AddCategory(tags, element); break;
                case "tags" when Value(element) is { } list: // a comma-separated list some engines write
                    tags.AddRange(list.Split(',').Select(FeedMarkup.PlainTextOrNull).OfType<string>().Select(t => new FeedCategory(t)));
                    break;
                case "enclosure" when (string?)element.Attribute("url") is { } url:
                    enclosures.Add(new FeedEnclosure(Url(element, url), (string?)element.Attribute("type"), Length((string?)element.Attribute("length"))));
                    links.Add(new FeedLink(Url(element, url), "enclosure", (string?)element.Attribute("type"), Length: (string?)element.Attribute("length")));
                    break;
                case "comments": comments ??= Value(element) is { } page ? Url(element, page) : null; break;
                case "source": source ??= Source(element); break;
                case "rights" or "copyright" or "dc:rights": rights ??= Text(element, "text/plain"); break;
                case "language" or "dc:language": language ??= Value(element); break;
                case "cc:license": license ??= License(element); break;
            }
        }
        id ??= (string?)item.Attribute(XName.Get("about", Rdf)); // RSS 1.0: the item's rdf:about is its URI
        foreach (var link in links.Where(l => l.Rel == "enclosure" && IsAtom(item)))
            enclosures.Add(new FeedEnclosure(link.Href, link.Type, Length(link.Length)));
        var guidIsLink = guidLink is not null && !hasRssLink && Alternate(links) is null;
        if (guidIsLink) links.Add(new FeedLink(guidLink!, "alternate"));
        var alternate = Alternate(links);
        var published = FeedDates.Parse(publishedRaw);
        return new FeedEntry
        {
            Guid = "", // chosen by EntryIds once every entry of the document is known
            Id = id,
            Link = AbsoluteHttp(alternate),
            Title = title is null ? "" : FeedMarkup.PlainText(title.Value),
            TitleText = title, SummaryText = summary, Content = content, Rights = rights,
            Published = published, PublishedRaw = publishedRaw, Updated = FeedDates.Parse(updatedRaw), UpdatedRaw = updatedRaw,
            Authors = authors, Contributors = contributors, Tags = tags, Links = links, Enclosures = enclosures,
            Comments = comments ?? links.FirstOrDefault(l => l.Rel == "replies" && l.Type is "text/html")?.Href,
            License = license ?? links.FirstOrDefault(l => l.Rel == "license")?.Href,
            Language = language ?? Language(item), GuidIsLink = guidIsLink, Source = source,
        };
    }

    /// <summary>Atom &lt;source&gt; is a feed header; RSS &lt;source url&gt; names the feed the item came from.</summary>
    private FeedHeader Source(XElement element)
    {
        if (element.HasElements) return Header(element);
        var url = (string?)element.Attribute("url") is { } href ? Url(element, href) : null;
        return new FeedHeader
        {
            TitleText = Value(element) is { } name ? new FeedText(name, "text/plain") : null,
            Links = url is null ? [] : [new FeedLink(url, "alternate")],
            Link = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var link) ? link : null,
        };
    }

    private static long? Length(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;
}
