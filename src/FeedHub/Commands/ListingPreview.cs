using System.Text.Json;
using FeedHub.Core.Listings;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Commands;

/// <summary>`feedhub parse` on an HTML page: the entries a page source would take from it, and with --explain the links left out.</summary>
internal static class ListingPreview
{
    private static readonly JsonSerializerOptions Json = new(ApiJson.Options) { WriteIndented = true };

    /// <param name="asFeed">Why the page is not a feed; shown when the page links a feed, the better source.</param>
    public static void Write(Listing listing, ParseResult.NotAFeed? asFeed, string format, bool explain)
    {
        var feedHint = asFeed?.LinkedFeeds is { Count: > 0 } ? asFeed.Reason : null; // the page names its feeds
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(ListingReport.Of(listing, explain, feedHint), Json));
            return;
        }
        Console.WriteLine($"{ListingReader.Format}, {listing.Items.Count} entries: {listing.Title}".TrimEnd());
        Console.WriteLine(listing.Status);
        if (feedHint is not null) Console.WriteLine($"note: {feedHint}");
        Console.WriteLine();
        // Whole addresses, one per line: they are what an operator copies, so no table cell cuts them short.
        foreach (var item in listing.Items)
            Console.WriteLine($"{(item.Published is { } date ? Output.Text(date) : "(no date)"),-20}  {item.Title}\n{"",-20}  {item.Url.AbsoluteUri}");
        if (!explain) return;
        Console.WriteLine();
        Console.WriteLine($"left out ({listing.LeftOut.Count}):");
        var width = listing.LeftOut.Select(l => l.Reason.Length).DefaultIfEmpty(0).Max();
        foreach (var left in listing.LeftOut)
            Console.WriteLine($"  {left.Reason.PadRight(width)}  {left.Href}  \"{Shorten(left.Text)}\"");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
