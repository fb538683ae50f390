using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using FeedHub.Core.Model;

namespace FeedHub.Core.Parsing;

/// <summary>The outcome of parsing a document that was supposed to be a feed.</summary>
public abstract record ParseResult
{
    public sealed record Parsed(ParsedFeed Feed) : ParseResult;

    /// <summary>The document is not a feed; <paramref name="Reason"/> says what it looked like.</summary>
    public sealed record NotAFeed(string Reason) : ParseResult
    {
        /// <summary>When the document is an HTML page: the feeds it links (perhaps none); null for any other document.</summary>
        public IReadOnlyList<Uri>? LinkedFeeds { get; init; }

        public bool IsHtmlPage => LinkedFeeds is not null;
    }
}

/// <summary>
/// Parses a fetched feed document, whatever its format (RSS 0.90-2.0, RSS 1.0, Atom 0.3/1.0, JSON Feed 1.0/1.1),
/// into FeedHub's one feed model. A document that is not well-formed XML is read leniently and marked
/// <see cref="ParsedFeed.IllFormed"/>; one that is no feed at all says what it looked like.
/// CodeHollow.FeedReader is not used for this: it drops what the model needs (text types, xml:base, every link,
/// category schemes, contributors, Atom sources) and cannot read an ill-formed document; see the README.
/// </summary>
public sealed partial class FeedParser
{
    /// <summary>Expanding entities a document declares is allowed up to this many characters in all (a billion laughs stops here).</summary>
    private const int MaxEntityCharacters = 1_000_000;

    /// <param name="document">The feed's bytes, as fetched.</param>
    /// <param name="contentType">The HTTP Content-Type, whose charset takes precedence over the XML declaration.</param>
    /// <param name="documentUrl">Where the feed was fetched from; relative links resolve against it.</param>
    /// <param name="contentLocation">The HTTP Content-Location, which (when given) is the base URL instead.</param>
    /// <param name="contentLanguage">The HTTP Content-Language: the language of text without an xml:lang.</param>
    public ParseResult Parse(byte[] document, string? contentType, Uri documentUrl, string? contentLocation = null, string? contentLanguage = null)
    {
        var text = TextDecoder.DecodeXml(document, contentType, out var encoding, out var mislabelled);
        var start = FirstSignificant(text);
        if (start < 0) return new ParseResult.NotAFeed("not a feed: the document is empty");
        var baseUri = contentLocation is not null && Uri.TryCreate(documentUrl, contentLocation.Trim(), out var location) ? location : documentUrl;
        ParsedFeed? feed;
        string? notAFeed;
        if (text[start] is '{' or '[')
            feed = JsonFeedReader.Read(text, baseUri, out notAFeed);
        else if (text[start] != '<')
            return new ParseResult.NotAFeed("not a feed: " + DescribeNonMarkup(document));
        else if (LooksLikeHtml(text, start))
            return HtmlPage(text, baseUri);
        else
        {
            var (xml, illFormed) = LoadXml(text);
            if (xml is null) return new ParseResult.NotAFeed($"not a feed: the document is not XML that can be read ({illFormed})");
            if (xml.Root!.Name.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase)) // XHTML, or HTML without a doctype
                return HtmlPage(text, baseUri);
            var language = contentLanguage?.Split(',')[0].Trim() is { Length: > 0 } l ? l : null;
            feed = new XmlFeedReader(baseUri, language).Read(xml, NetscapeDoctype().IsMatch(text), out notAFeed);
            feed = feed is null ? null : feed with { IllFormed = illFormed ?? mislabelled };
        }
        if (feed is null) return new ParseResult.NotAFeed("not a feed: " + notAFeed);
        return new ParseResult.Parsed(feed with
        {
            Encoding = encoding,
            Entries = EntryIds.Assign(feed.Entries, documentUrl, feed.Link),
        });
    }

    private static ParseResult.NotAFeed HtmlPage(string html, Uri baseUri)
    {
        var feeds = HtmlFeedLinks.Find(html, baseUri);
        return new ParseResult.NotAFeed("not a feed: " + HtmlFeedLinks.Describe(feeds)) { LinkedFeeds = feeds };
    }

    /// <summary>Strictly, then with common breakage repaired, then as tag soup; the reason is set when the strict reading failed.</summary>
    private static (XDocument? Document, string? IllFormed) LoadXml(string text)
    {
        try
        {
            return (Strict(text), null);
        }
        catch (XmlException strict) when (strict.Message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal))
        {
            return (null, $"its DTD expands entities beyond {MaxEntityCharacters:N0} characters, which only an attack does");
        }
        catch (XmlException strict)
        {
            var reason = "not well-formed XML: " + strict.Message;
            var withoutDoctype = RemoveDoctype(text);
            try
            {
                return (Strict(LenientXml.Repair(withoutDoctype)), reason);
            }
            catch (XmlException)
            {
                try
                {
                    return (LenientXml.BuildTree(withoutDoctype), reason);
                }
                catch (XmlException)
                {
                    return (null, reason);
                }
            }
        }
    }

    /// <summary>
    /// The XML parser, safe for documents from anywhere: a DTD's own entities are expanded (feeds use them) but
    /// no further than <see cref="MaxEntityCharacters"/>, and nothing external is ever loaded (no XXE). A document
    /// nested deeper than <see cref="ShallowXmlReader.MaxDepth"/> levels is refused here, and read as tag soup.
    /// </summary>
    private static XDocument Strict(string text)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            MaxCharactersFromEntities = MaxEntityCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = new ShallowXmlReader(XmlReader.Create(new StringReader(text), settings));
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    private static int FirstSignificant(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i]) && text[i] != '\uFEFF') return i;
        return -1;
    }

    private static bool LooksLikeHtml(string text, int start)
    {
        var head = text.AsSpan(start, Math.Min(text.Length - start, 1024));
        return head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static string DescribeNonMarkup(byte[] document)
    {
        var head = document.AsSpan(0, Math.Min(document.Length, 512));
        var binary = head.ToArray().Count(b => b < 0x09 || b is > 0x0D and < 0x20) > head.Length / 20;
        return binary ? "the document is neither XML nor JSON (it looks like binary data)" : "the document is neither XML nor JSON (it looks like plain text)";
    }

    [GeneratedRegex(@"<!DOCTYPE\s+rss\s+PUBLIC\s+[""']-//Netscape", RegexOptions.IgnoreCase)]
    private static partial Regex NetscapeDoctype();

    /// <summary>
    /// Feeds have no use for a DTD, and a DTD is how XML attacks work: entities that expand
    /// without bound (billion laughs) and external entities that read local files (XXE).
    /// The document type declaration is therefore removed before the XML parser sees it;
    /// references to entities it declared then fail to parse instead of expanding.
    /// </summary>
    internal static string RemoveDoctype(string xml)
    {
        var start = xml.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        if (start < 0 || start > 4096) return xml; // a DOCTYPE belongs in the prolog
        var match = Doctype().Match(xml, start);
        return match.Success && match.Index == start ? xml.Remove(start, match.Length) : xml[..start];
    }

    // The declaration, with an internal subset in brackets when there is one ("]" then ">" ends it).
    [GeneratedRegex(@"<!DOCTYPE[^\[>]*(\[[\s\S]*?\]\s*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex Doctype();
}
