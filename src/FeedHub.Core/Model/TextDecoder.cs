using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace FeedHub.Core.Model;

/// <summary>
/// Turns fetched bytes into text with the right character encoding. Precedence: a byte order
/// mark, then the HTTP Content-Type charset, then the document's own declaration (the XML
/// declaration, or an HTML meta tag in the first 1024 bytes), then UTF-8. This is the order
/// of the WHATWG encoding sniffing algorithm and of RFC 7303 section 3.
/// </summary>
public static partial class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // windows-1251, Shift_JIS, ...

    public static string DecodeXml(byte[] bytes, string? contentType) => DecodeXml(bytes, contentType, out _, out _);

    /// <param name="encoding">The encoding used, by its web name (utf-8, windows-1251, utf-16be, ...).</param>
    /// <param name="mislabelled">Set when a label was wrong and another encoding was used, saying so.</param>
    public static string DecodeXml(byte[] bytes, string? contentType, out string encoding, out string? mislabelled)
    {
        var detected = FromXmlSignature(bytes);
        mislabelled = null;
        detected ??= Detect(bytes, contentType, static head => XmlDeclaration().Match(head), out mislabelled);
        encoding = detected.CodePage switch // .NET calls little-endian UTF-16 and UTF-32 just "utf-16" and "utf-32"
        {
            1200 => "utf-16le",
            1201 => "utf-16be",
            12000 => "utf-32le",
            12001 => "utf-32be",
            _ => detected.WebName,
        };
        var preamble = BomLength(bytes);
        return detected.GetString(bytes, preamble, bytes.Length - preamble);
    }

    public static string DecodeHtml(byte[] bytes, string? contentType)
    {
        var (encoding, preamble) = DetectHtml(bytes, contentType);
        return encoding.GetString(bytes, preamble, bytes.Length - preamble);
    }

    /// <summary>
    /// What <see cref="DecodeHtml"/> reads the bytes with: the encoding, and the length of the byte order mark before the
    /// text. For a caller that decodes into a buffer of its own rather than into a new string.
    /// </summary>
    public static (Encoding Encoding, int Preamble) DetectHtml(ReadOnlySpan<byte> bytes, string? contentType) =>
        (Detect(bytes, contentType, static head => MetaCharset().Match(head), out _), BomLength(bytes));

    /// <summary>
    /// The first of BOM, HTTP charset, the document's declaration and UTF-8 that fits the bytes. Only a UTF-8 choice
    /// can be told wrong for sure (its byte sequences are strict): a server that labels a windows-1251 feed UTF-8 is
    /// then overruled by the document's own declaration, and bytes that are no UTF-8 at all are read as windows-1252,
    /// which every byte is.
    /// </summary>
    private static Encoding Detect(ReadOnlySpan<byte> bytes, string? contentType, Func<string, Match> declaration, out string? mislabelled)
    {
        mislabelled = null;
        if (FromBom(bytes) is { } bom) return bom;
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 1024)]);
        var match = declaration(head);
        var declared = match.Success ? FromName(match.Groups["charset"].Value) : null;
        // A document that says UTF-16 in an ASCII-compatible byte stream is mislabelled (it had no BOM).
        if (declared is UnicodeEncoding) declared = Encoding.UTF8;
        var candidates = new[] { (Label: "its HTTP charset", Encoding: FromName(HeaderCharset(contentType))), (Label: "its declaration", Encoding: declared) }
            .Where(c => c.Encoding is not null)
            .Append((Label: "the default", Encoding: (Encoding?)Encoding.UTF8));
        string? wrong = null;
        foreach (var (label, encoding) in candidates)
        {
            if (encoding is not UTF8Encoding || System.Text.Unicode.Utf8.IsValid(bytes))
            {
                if (wrong is not null) mislabelled = Mislabelled(wrong, encoding!.WebName);
                return encoding!;
            }
            wrong ??= label;
        }
        mislabelled = Mislabelled(wrong!, "windows-1252");
        return Encoding.GetEncoding(1252);
    }

    private static string Mislabelled(string label, string used) => label == "the default"
        ? $"not UTF-8 and has no charset label, so it was read as {used}"
        : $"labelled utf-8 by {label} but is not UTF-8, so it was read as {used}";

    /// <summary>
    /// XML 1.0 appendix F: a document without a byte order mark still shows UTF-16 or UTF-32 by how its
    /// first "&lt;" is laid out; such a document cannot be in anything else whatever its labels say.
    /// </summary>
    private static Encoding? FromXmlSignature(byte[] bytes) => bytes switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] or [0x3C, 0x00, 0x00, 0x00, ..] => Encoding.UTF32,
        [0x00, 0x00, 0xFE, 0xFF, ..] or [0x00, 0x00, 0x00, 0x3C, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
        [0x3C, 0x00, not 0x00, 0x00, ..] => Encoding.Unicode,
        [0x00, 0x3C, 0x00, not 0x00, ..] => Encoding.BigEndianUnicode,
        _ => null,
    };

    private static Encoding? FromBom(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8,
        [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
        [0xFF, 0xFE, ..] => Encoding.Unicode,
        _ => null,
    };

    private static int BomLength(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] or [0x00, 0x00, 0xFE, 0xFF, ..] => 4,
        [0xEF, 0xBB, 0xBF, ..] => 3,
        [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] => 2,
        _ => 0,
    };

    private static string? HeaderCharset(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.CharSet?.Trim('"', '\'') : null;

    private static Encoding? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        try
        {
            var encoding = Encoding.GetEncoding(name.Trim());
            // WHATWG: iso-8859-1 and us-ascii labels mean windows-1252, which is what such pages really are.
            return encoding.CodePage is 28591 or 20127 ? Encoding.GetEncoding(1252) : encoding;
        }
        catch (ArgumentException)
        {
            return null; // an unknown label counts as no label
        }
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["'](?<charset>[A-Za-z0-9._:-]+)["']""")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?(?<charset>[A-Za-z0-9._:-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
