using System.Text.Json;
using FeedHub.Core.Model;

namespace FeedHub.Core.Parsing;

/// <summary>
/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into the one feed model: items with
/// content_html / content_text, summary, dates, authors (1.1 "authors" and 1.0 "author"), tags,
/// attachments as enclosures, and external_url as a related link. Unknown members and "_" extensions are ignored.
/// </summary>
internal static class JsonFeedReader
{
    /// <summary>The feed, or null with <paramref name="notAFeed"/> saying why the JSON is not one.</summary>
    public static ParsedFeed? Read(string json, Uri documentUrl, out string? notAFeed)
    {
        notAFeed = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json,
                new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            notAFeed = $"the document looks like JSON but is not valid JSON ({e.Message})";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            var version = root.ValueKind == JsonValueKind.Object ? String(root, "version") : null;
            if (version is null || !version.StartsWith("https://jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
            {
                notAFeed = "the document is JSON but not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")";
                return null;
            }
            var items = root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            var homePage = Url(String(root, "home_page_url"), documentUrl);
            var header = new FeedHeader
            {
                TitleText = String(root, "title") is { } title ? new FeedText(title, "text/plain") : null,
                Subtitle = String(root, "description") is { } description ? new FeedText(description, "text/plain") : null,
                Link = homePage is not null && Uri.TryCreate(homePage, UriKind.Absolute, out var link) ? link : null,
                Links = Links(("alternate", homePage), ("self", Url(String(root, "feed_url"), documentUrl))),
                Language = String(root, "language"),
                Authors = Authors(root),
                Icon = Url(String(root, "icon"), documentUrl),
                Logo = Url(String(root, "favicon"), documentUrl),
            };
            return new ParsedFeed
            {
                Format = version.EndsWith("/1", StringComparison.Ordinal) ? "json10" : "json11",
                Header = header,
                Title = header.TitleText is { } feedTitle ? FeedMarkup.PlainText(feedTitle.Value) : "",
                Entries = items.Where(i => i.ValueKind == JsonValueKind.Object).Select(i => Entry(i, documentUrl, header.Language)).ToList(),
            };
        }
    }

    private static FeedEntry Entry(JsonElement item, Uri documentUrl, string? feedLanguage)
    {
        var url = Url(String(item, "url"), documentUrl);
        var external = Url(String(item, "external_url"), documentUrl);
        var title = String(item, "title");
        List<FeedText> content = [];
        if (String(item, "content_html") is { } html) content.Add(new FeedText(FeedMarkup.NormalizeHtml(html, documentUrl), "text/html"));
        if (String(item, "content_text") is { } text) content.Add(new FeedText(text, "text/plain"));
        var published = String(item, "date_published");
        var modified = String(item, "date_modified");
        return new FeedEntry
        {
            Guid = "",
            Id = item.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number ? id.ToString().Trim() : null,
            Link = WebUrl.Parse(url),
            Title = title is null ? "" : FeedMarkup.PlainText(title),
            TitleText = title is null ? null : new FeedText(title, "text/plain"),
            SummaryText = String(item, "summary") is { } summary ? new FeedText(summary, "text/plain") : null,
            Content = content,
            Published = FeedDates.Parse(published), PublishedRaw = published,
            Updated = FeedDates.Parse(modified), UpdatedRaw = modified,
            Authors = Authors(item),
            Tags = item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String)
                    .Select(t => FeedMarkup.PlainTextOrNull(t.GetString())).OfType<string>().Select(t => new FeedCategory(t)).ToList()
                : [],
            Links = Links(("alternate", url), ("related", external)),
            Enclosures = Attachments(item, documentUrl),
            Language = String(item, "language") ?? feedLanguage,
        };
    }

    private static IReadOnlyList<FeedEnclosure> Attachments(JsonElement item, Uri documentUrl) =>
        item.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
            ? attachments.EnumerateArray()
                .Where(a => a.ValueKind == JsonValueKind.Object && Url(String(a, "url"), documentUrl) is not null)
                .Select(a => new FeedEnclosure(Url(String(a, "url"), documentUrl)!, String(a, "mime_type"),
                    a.TryGetProperty("size_in_bytes", out var size) && size.TryGetInt64(out var bytes) ? bytes : null))
                .ToList()
            : [];

    /// <summary>JSON Feed 1.1 "authors"; 1.0's single "author" is read too.</summary>
    private static IReadOnlyList<FeedPerson> Authors(JsonElement owner)
    {
        IEnumerable<JsonElement> people = owner.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array
            ? authors.EnumerateArray()
            : owner.TryGetProperty("author", out var author) ? [author] : [];
        return people.Where(p => p.ValueKind == JsonValueKind.Object)
            .Select(p => new FeedPerson(FeedMarkup.PlainTextOrNull(String(p, "name")), null, String(p, "url")))
            .Where(p => p.Name is not null || p.Href is not null)
            .ToList();
    }

    private static IReadOnlyList<FeedLink> Links(params (string Rel, string? Href)[] links) =>
        links.Where(l => l.Href is not null).Select(l => new FeedLink(l.Href!, l.Rel)).ToList();

    private static string? String(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 } text ? text : null;

    private static string? Url(string? url, Uri documentUrl) =>
        url is not null && Uri.TryCreate(documentUrl, url, out var absolute) ? absolute.AbsoluteUri : null;
}
