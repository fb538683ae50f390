using System.Xml;
using FeedHub.Core.Model;

namespace FeedHub.Core.Publishing;

/// <summary>
/// Writes a <see cref="FeedDocument"/> as RSS 2.0 with content:encoded for the full article,
/// dc:creator for the author, and atom:link for self, next (RFC 5005) and hub (WebSub).
/// </summary>
internal static class RssFeedWriter
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNamespace = "http://purl.org/dc/elements/1.1/";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>RSS description of an article without a summary of its own: the start of its text.</summary>
    private const int DescriptionLength = 300;

    public static byte[] Write(FeedDocument feed, DateTimeOffset now) => XmlText.Document(feed, xml =>
    {
        xml.WriteStartElement("rss");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("xmlns", "content", null, ContentNamespace);
        xml.WriteAttributeString("xmlns", "dc", null, DcNamespace);
        xml.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
        xml.WriteStartElement("channel");
        XmlText.Element(xml, "title", feed.Title);
        XmlText.Element(xml, "link", (feed.AlternateUrl ?? feed.SelfUrl).AbsoluteUri);
        XmlText.Element(xml, "description", feed.Subtitle ?? feed.Title);
        WriteAtomLink(xml, "self", feed.SelfUrl, "application/rss+xml");
        if (feed.NextUrl is not null) WriteAtomLink(xml, "next", feed.NextUrl, "application/rss+xml");
        if (feed.HubUrl is not null) WriteAtomLink(xml, "hub", feed.HubUrl, null);
        xml.WriteElementString("lastBuildDate", XmlText.Rfc822(feed.Updated(now)));
        xml.WriteElementString("generator", "FeedHub");
        foreach (var article in feed.Articles) WriteItem(xml, article);
        xml.WriteEndElement();
        xml.WriteEndElement();
    });

    private static void WriteItem(XmlWriter xml, Article article)
    {
        xml.WriteStartElement("item");
        XmlText.Element(xml, "title", article.Title);
        if (article.Url is not null) XmlText.Element(xml, "link", article.Url.AbsoluteUri);
        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteString("urn:uuid:" + article.Id);
        xml.WriteEndElement();
        if (article.Published is { } published) xml.WriteElementString("pubDate", XmlText.Rfc822(published));
        if (article.Author is not null) XmlText.Element(xml, "creator", article.Author, DcNamespace);
        foreach (var section in article.Sections) XmlText.Element(xml, "category", section.Slug);
        XmlText.Element(xml, "description", article.Summary ?? Excerpt(article.ContentText));
        if (StoryOutlets.WithFooter(article) is { } html) XmlText.Element(xml, "encoded", html, ContentNamespace);
        if (article.CommentsUrl is not null) XmlText.Element(xml, "comments", article.CommentsUrl.AbsoluteUri);
        if (article.Enclosures.Count > 0) // RSS 2.0 allows one enclosure per item: the first
        {
            var enclosure = article.Enclosures[0];
            xml.WriteStartElement("enclosure");
            xml.WriteAttributeString("url", enclosure.Href);
            xml.WriteAttributeString("length", (enclosure.Length ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("type", enclosure.Type ?? "application/octet-stream");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static string? Excerpt(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length <= DescriptionLength) return System.Net.WebUtility.HtmlEncode(text);
        var cut = text.LastIndexOf(' ', DescriptionLength);
        return System.Net.WebUtility.HtmlEncode(text[..(cut > 0 ? cut : DescriptionLength)]) + "…";
    }

    private static void WriteAtomLink(XmlWriter xml, string rel, Uri href, string? type)
    {
        xml.WriteStartElement("atom", "link", AtomNamespace);
        xml.WriteAttributeString("rel", rel);
        if (type is not null) xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href.AbsoluteUri);
        xml.WriteEndElement();
    }
}
