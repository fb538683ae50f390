using System.Xml;
using FeedHub.Core.Model;

namespace FeedHub.Core.Publishing;

/// <summary>Writes a <see cref="FeedDocument"/> as Atom 1.0 (RFC 4287).</summary>
internal static class AtomFeedWriter
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public static byte[] Write(FeedDocument feed, DateTimeOffset now) => XmlText.Document(feed, xml =>
    {
        xml.WriteStartElement("feed", AtomNamespace);
        xml.WriteElementString("id", "urn:uuid:" + feed.Id);
        WriteText(xml, "title", "text", feed.Title);
        if (feed.Subtitle is not null) WriteText(xml, "subtitle", "text", feed.Subtitle);
        // RFC 4287 4.2.15: the feed's updated is its most recent significant change.
        xml.WriteElementString("updated", XmlText.Rfc3339(feed.Updated(now)));
        WriteLink(xml, "self", feed.SelfUrl, "application/atom+xml");
        if (feed.AlternateUrl is not null) WriteLink(xml, "alternate", feed.AlternateUrl, "text/html");
        if (feed.NextUrl is not null) WriteLink(xml, "next", feed.NextUrl, "application/atom+xml");
        if (feed.HubUrl is not null) WriteLink(xml, "hub", feed.HubUrl, null);
        // 4.1.1: a feed without an author element needs one in every entry; this covers entries with none.
        xml.WriteStartElement("author");
        xml.WriteElementString("name", "FeedHub");
        xml.WriteEndElement();
        xml.WriteElementString("generator", "FeedHub");
        foreach (var article in feed.Articles) WriteEntry(xml, article);
        xml.WriteEndElement();
    });

    private static void WriteEntry(XmlWriter xml, Article article)
    {
        xml.WriteStartElement("entry");
        xml.WriteElementString("id", "urn:uuid:" + article.Id);
        WriteText(xml, "title", "text", article.Title);
        xml.WriteElementString("updated", XmlText.Rfc3339(FeedDocument.LastChange(article)));
        if (article.Published is { } published) xml.WriteElementString("published", XmlText.Rfc3339(published));
        if (article.Author is not null)
        {
            xml.WriteStartElement("author");
            XmlText.Element(xml, "name", article.Author);
            xml.WriteEndElement();
        }
        if (article.Url is not null) WriteLink(xml, "alternate", article.Url, "text/html");
        foreach (var section in article.Sections)
        {
            xml.WriteStartElement("category");
            xml.WriteAttributeString("term", section.Slug);
            xml.WriteEndElement();
        }
        if (article.Summary is not null) WriteText(xml, "summary", "html", article.Summary);
        if (StoryOutlets.WithFooter(article) is { } html) WriteText(xml, "content", "html", html);
        if (article.CommentsUrl is not null) WriteLink(xml, "replies", article.CommentsUrl, "text/html");
        foreach (var enclosure in article.Enclosures)
        {
            xml.WriteStartElement("link");
            xml.WriteAttributeString("rel", "enclosure");
            if (enclosure.Type is not null) xml.WriteAttributeString("type", enclosure.Type);
            xml.WriteAttributeString("href", enclosure.Href);
            if (enclosure.Length is { } length) xml.WriteAttributeString("length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void WriteText(XmlWriter xml, string element, string type, string text)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("type", type);
        xml.WriteString(XmlText.Clean(text));
        xml.WriteEndElement();
    }

    private static void WriteLink(XmlWriter xml, string rel, Uri href, string? type)
    {
        xml.WriteStartElement("link");
        xml.WriteAttributeString("rel", rel);
        if (type is not null) xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href.AbsoluteUri);
        xml.WriteEndElement();
    }
}
