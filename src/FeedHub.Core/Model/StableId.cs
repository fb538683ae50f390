using System.Security.Cryptography;
using System.Text;

namespace FeedHub.Core.Model;

/// <summary>
/// Stable ids are name-based UUIDs: the first 16 bytes of SHA-256 over the name, with the
/// RFC 9562 version 8 (custom) and variant bits set. The same name always gives the same id,
/// across re-polls, re-extraction and rebuilt databases, and each id is a valid urn:uuid:
/// for Atom's atom:id and the RSS guid.
/// </summary>
public static class StableId
{
    /// <summary>The id of a source's entry: the same source and guid keep the same id.</summary>
    public static string ForArticle(string sourceId, string guid) => FromName("article\n" + sourceId + "\n" + guid);

    /// <summary>The atom:id of a published section feed.</summary>
    public static string ForSection(string slug) => FromName("section\n" + slug);

    private static string FromName(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // variant 10xx
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
