using System.Globalization;
using System.Text;
using System.Xml;

namespace FeedHub.Core.Publishing;

/// <summary>Helpers shared by the XML feed writers.</summary>
internal static class XmlText
{
    /// <summary>
    /// A feed as UTF-8 XML bytes: the declaration, the browser stylesheet when the feed has one,
    /// then the root element that <paramref name="writeRoot"/> writes.
    /// </summary>
    public static byte[] Document(FeedDocument feed, Action<XmlWriter> writeRoot)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            if (feed.StylesheetPath is not null)
                xml.WriteProcessingInstruction("xml-stylesheet", $"type=\"text/xsl\" href=\"{feed.StylesheetPath}\"");
            writeRoot(xml);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Control characters that feeds sometimes carry are not allowed in XML 1.0 and would make the
    /// writer throw (or a reader reject the feed); they are dropped. Unpaired surrogates too.
    /// </summary>
    public static string Clean(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            clean = XmlConvert.IsXmlChar(c);
        }
        if (clean) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (XmlConvert.IsXmlChar(c)) builder.Append(c);
        }
        return builder.ToString();
    }

    public static void Element(XmlWriter xml, string name, string? value, string? ns = null)
    {
        if (value is null) return;
        if (ns is null) xml.WriteElementString(name, Clean(value));
        else xml.WriteElementString(name, ns, Clean(value));
    }

    /// <summary>RFC 3339, UTC, seconds: what Atom and JSON Feed use.</summary>
    public static string Rfc3339(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 822 (with a four-digit year), as RSS 2.0 requires.</summary>
    public static string Rfc822(DateTimeOffset value) => value.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
}
