using System.Text;
using System.Xml;
using FeedHub.Core.Model;

namespace FeedHub.Core.Publishing;

/// <summary>What a published feed holds: its identity, its links and its newest articles.</summary>
public sealed record FeedDocument(
    string Id,
    string Title,
    string? Subtitle,
    Uri SelfUrl,
    Uri? AlternateUrl,
    IReadOnlyList<Article> Articles);

/// <summary>Writes a <see cref="FeedDocument"/> as Atom 1.0 (RFC 4287).</summary>
public sealed class AtomFeedWriter
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public byte[] Write(FeedDocument feed, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNamespace);
            xml.WriteElementString("id", "urn:uuid:" + feed.Id);
            xml.WriteElementString("title", feed.Title);
            if (feed.Subtitle is not null) xml.WriteElementString("subtitle", feed.Subtitle);
            // RFC 4287 4.2.15: the feed's updated is its most recent significant change.
            xml.WriteElementString("updated", Timestamp(feed.Articles.Count > 0 ? feed.Articles.Max(LastChange) : now));
            WriteLink(xml, "self", feed.SelfUrl, "application/atom+xml");
            if (feed.AlternateUrl is not null) WriteLink(xml, "alternate", feed.AlternateUrl, "text/html");
            // 4.1.1: a feed without an author element needs one in every entry; this covers entries with none.
            xml.WriteStartElement("author");
            xml.WriteElementString("name", "FeedHub");
            xml.WriteEndElement();
            xml.WriteStartElement("generator");
            xml.WriteString("FeedHub");
            xml.WriteEndElement();
            foreach (var article in feed.Articles) WriteEntry(xml, article);
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static void WriteEntry(XmlWriter xml, Article article)
    {
        xml.WriteStartElement("entry");
        xml.WriteElementString("id", "urn:uuid:" + article.Id);
        WriteText(xml, "title", "text", article.Title);
        xml.WriteElementString("updated", Timestamp(LastChange(article)));
        if (article.Published is { } published) xml.WriteElementString("published", Timestamp(published));
        if (article.Author is not null)
        {
            xml.WriteStartElement("author");
            xml.WriteElementString("name", article.Author);
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
        if (article.ContentHtml is not null) WriteText(xml, "content", "html", article.ContentHtml);
        xml.WriteEndElement();
    }

    private static DateTimeOffset LastChange(Article article) => article.Updated ?? article.Published ?? article.FetchedAt;

    private static void WriteText(XmlWriter xml, string element, string type, string text)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("type", type);
        xml.WriteString(RemoveInvalidXmlChars(text));
        xml.WriteEndElement();
    }

    private static void WriteLink(XmlWriter xml, string rel, Uri href, string type)
    {
        xml.WriteStartElement("link");
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href.AbsoluteUri);
        xml.WriteEndElement();
    }

    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>Control characters that feeds sometimes carry are not allowed in XML 1.0 and would break the writer.</summary>
    private static string RemoveInvalidXmlChars(string text) =>
        text.Any(c => !XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            ? new string(text.Where(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)).ToArray())
            : text;
}
