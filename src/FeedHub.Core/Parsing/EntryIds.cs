using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FeedHub.Core.Model;

namespace FeedHub.Core.Parsing;

/// <summary>
/// Chooses the id FeedHub keys each entry by: the feed's own id (RSS guid, Atom id, JSON Feed id), else the
/// entry's link, else a hash of its title and date. Some feeds give one id to different items (every item's guid
/// is the site's home page, or a template bug repeats the first one); an id that is shared by entries with
/// different links or titles, or that is just the feed's own address, identifies nothing, so those entries
/// fall back to their link or hash. The same entry therefore keeps its id from poll to poll either way.
/// </summary>
public static class EntryIds
{
    public static IReadOnlyList<FeedEntry> Assign(IReadOnlyList<FeedEntry> entries, Uri documentUrl, Uri? feedLink)
    {
        var reused = entries
            .Where(e => !string.IsNullOrWhiteSpace(e.Id))
            .GroupBy(e => e.Id!.Trim(), StringComparer.Ordinal)
            .Where(g => g.Select(e => (e.Link?.AbsoluteUri, e.Title)).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        if (feedLink is not null) reused.Add(feedLink.AbsoluteUri);
        reused.Add(documentUrl.AbsoluteUri);
        return entries.Select(e => e with { Guid = Choose(e, reused) }).ToList();
    }

    private static string Choose(FeedEntry entry, HashSet<string> reused)
    {
        var own = entry.Id?.Trim();
        return !string.IsNullOrEmpty(own) && !reused.Contains(own) ? own : Fallback(entry);
    }

    /// <summary>The id of an entry whose own id can't be trusted: its link, else a hash of its title and date.</summary>
    public static string Fallback(FeedEntry entry)
    {
        if (entry.Link is not null) return entry.Link.AbsoluteUri;
        var name = entry.Title + "\n" + (entry.Published ?? entry.Updated)?.ToString("O", CultureInfo.InvariantCulture);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
    }
}
