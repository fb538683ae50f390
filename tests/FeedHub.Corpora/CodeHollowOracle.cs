using System.Globalization;
using System.Text.Json.Nodes;
using CodeHollow.FeedReader;

namespace FeedHub.Corpora;

/// <summary>
/// CodeHollow.FeedReader, the feed library FeedHub's design first named, kept as the oracle of FeedHub's own parser:
/// over the conformance corpus, every check it passes FeedHub must pass too (FeedConformanceTests), and the
/// benchmark prints both side by side (`feed-conformance --baseline`). FeedHub has its own parser because, measured
/// on the same checks, CodeHollow passes about half of them, has no fields for text types, xml:base, enclosures or
/// contributors, and throws on any document that is not well-formed XML.
/// </summary>
public static class CodeHollowOracle
{
    /// <summary>CodeHollow.FeedReader's reading, in the corpus's names where it has the field (title, link, id, summary, content, dates, author, categories).</summary>
    public static JsonObject Parse(byte[] bytes, string? contentType, Uri url, string? contentLocation, string? contentLanguage)
    {
        Feed feed;
        try
        {
            feed = FeedReader.ReadFromByteArray(bytes);
        }
        catch (Exception e)
        {
            return new JsonObject { ["bozo"] = true, ["bozo_exception"] = e.Message, ["feed"] = new JsonObject(), ["entries"] = new JsonArray() };
        }
        static string? Date(DateTime? date) => date?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["bozo"] = false,
            ["version"] = feed.Type.ToString(),
            ["feed"] = new JsonObject
            {
                ["title"] = feed.Title, ["link"] = feed.Link, ["subtitle"] = feed.Description, ["language"] = feed.Language,
                ["rights"] = feed.Copyright, ["updated"] = Date(feed.LastUpdatedDate),
            },
            ["entries"] = new JsonArray(feed.Items.Select(i => (JsonNode?)new JsonObject
            {
                ["title"] = i.Title, ["link"] = i.Link, ["id"] = i.Id, ["summary"] = i.Description,
                ["content"] = i.Content is null ? new JsonArray() : new JsonArray(new JsonObject { ["value"] = i.Content }),
                ["published"] = Date(i.PublishingDate), ["author"] = i.Author,
                ["tags"] = new JsonArray((i.Categories ?? []).Select(c => (JsonNode?)new JsonObject { ["term"] = c }).ToArray()),
            }).ToArray()),
        };
    }
}
