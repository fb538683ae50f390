using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using FeedHub.Core.Fetching;
using FeedHub.Core.Model;

namespace FeedHub.Core.Parsing;

/// <summary>The outcome of parsing a document that was supposed to be a feed.</summary>
public abstract record ParseResult
{
    public sealed record Parsed(ParsedFeed Feed) : ParseResult;

    /// <summary>The document is not a feed; <paramref name="Reason"/> says what it looked like.</summary>
    public sealed record NotAFeed(string Reason) : ParseResult;
}

/// <summary>Parses RSS and Atom (through CodeHollow.FeedReader) into FeedHub's one feed model.</summary>
public sealed partial class FeedParser
{
    /// <param name="document">The feed's bytes, as fetched.</param>
    /// <param name="contentType">The HTTP Content-Type, whose charset takes precedence over the XML declaration.</param>
    /// <param name="documentUrl">Where the feed was fetched from; relative links resolve against it.</param>
    public ParseResult Parse(byte[] document, string? contentType, Uri documentUrl)
    {
        Feed feed;
        try
        {
            feed = FeedReader.ReadFromString(RemoveDoctype(TextDecoder.DecodeXml(document, contentType)));
        }
        catch (Exception e) when (e is XmlException or CodeHollow.FeedReader.Parser.FeedTypeNotSupportedException
                                      or ArgumentException or InvalidOperationException or FormatException)
        {
            return new ParseResult.NotAFeed(DescribeNonFeed(document, e));
        }
        var link = ResolveLink(feed.Link, documentUrl);
        var entries = feed.Items.Select(item => ToEntry(item, link ?? documentUrl)).ToList();
        return new ParseResult.Parsed(new ParsedFeed(feed.Title?.Trim() ?? "", link, entries, Ttl(feed)));
    }

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

    /// <summary>RSS 2.0 ttl: minutes the channel may be cached before refreshing.</summary>
    private static TimeSpan? Ttl(Feed feed) =>
        feed.SpecificFeed is Rss20Feed rss && int.TryParse(rss.TTL, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(Math.Min(minutes, 60 * 24 * 7))
            : null;

    // The declaration, with an internal subset in brackets when there is one ("]" then ">" ends it).
    [GeneratedRegex(@"<!DOCTYPE[^\[>]*(\[[\s\S]*?\]\s*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex Doctype();

    private static FeedEntry ToEntry(FeedItem item, Uri baseUrl)
    {
        var link = ResolveLink(item.Link, baseUrl);
        var published = ParseDate(item.PublishingDateString) ?? AsUtc(item.PublishingDate);
        var updated = item.SpecificItem is AtomFeedItem atom ? ParseDate(atom.UpdatedDateString) : null;
        var title = PlainTitle(item.Title);
        return new FeedEntry(
            Guid: ChooseGuid(item, link, title, published),
            Link: link,
            Title: title,
            Published: published ?? updated,
            Updated: updated,
            Author: string.IsNullOrWhiteSpace(item.Author) ? null : item.Author.Trim(),
            Summary: string.IsNullOrWhiteSpace(item.Description) ? null : item.Description,
            ContentHtml: string.IsNullOrWhiteSpace(item.Content) ? null : item.Content,
            Categories: item.Categories?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToList() ?? []);
    }

    /// <summary>
    /// Titles are plain text. Feeds put markup in them (escaped HTML in RSS, which readers then render as HTML):
    /// entities are decoded and tags removed, so that neither formatting nor a script reaches a published title.
    /// </summary>
    internal static string PlainTitle(string? title)
    {
        var text = WebUtility.HtmlDecode(title ?? "");
        text = Tags().Replace(text, " ");
        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>The entry's own id (guid, atom:id), else its link, else a hash of its title and date.</summary>
    private static string ChooseGuid(FeedItem item, Uri? link, string title, DateTimeOffset? published)
    {
        if (!string.IsNullOrWhiteSpace(item.Id)) return item.Id.Trim();
        if (link is not null) return link.AbsoluteUri;
        var name = title + "\n" + published?.ToString("O", CultureInfo.InvariantCulture);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
    }

    private static Uri? ResolveLink(string? link, Uri baseUrl) =>
        !string.IsNullOrWhiteSpace(link) && Uri.TryCreate(baseUrl, link.Trim(), out var url) && url.Scheme is "http" or "https"
            ? url
            : null;

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUniversalTime()
            : null;

    private static DateTimeOffset? AsUtc(DateTime? date) =>
        date is { } d ? new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime()) : null;

    private static string DescribeNonFeed(byte[] document, Exception error)
    {
        var head = Encoding.UTF8.GetString(document, 0, Math.Min(document.Length, 512)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (head.Length == 0) return "not a feed: the document is empty";
        if (head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            return "not a feed: the document is an HTML page";
        if (head[0] is '{' or '[') return "not a feed: the document is JSON but not a feed this version reads";
        if (head[0] != '<') return "not a feed: the document is neither XML nor JSON";
        return $"not a feed: {error.Message}";
    }
}
