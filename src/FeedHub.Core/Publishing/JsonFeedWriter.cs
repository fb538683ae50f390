using System.Text.Encodings.Web;
using System.Text.Json;
using FeedHub.Core.Model;

namespace FeedHub.Core.Publishing;

/// <summary>Writes a <see cref="FeedDocument"/> as JSON Feed 1.1, with FeedHub's headings and sections in "_feedhub".</summary>
internal static class JsonFeedWriter
{
    public static byte[] Write(FeedDocument feed, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: the feed is served as application/feed+json, never inlined in HTML, so "<", "&" and
        // non-ASCII letters stay as they are instead of growing into \uXXXX escapes.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("version", "https://jsonfeed.org/version/1.1");
            json.WriteString("title", feed.Title);
            if (feed.AlternateUrl is not null) json.WriteString("home_page_url", feed.AlternateUrl.AbsoluteUri);
            json.WriteString("feed_url", feed.SelfUrl.AbsoluteUri);
            if (feed.Subtitle is not null) json.WriteString("description", feed.Subtitle);
            if (feed.NextUrl is not null) json.WriteString("next_url", feed.NextUrl.AbsoluteUri);
            if (feed.HubUrl is not null)
            {
                json.WriteStartArray("hubs");
                json.WriteStartObject();
                json.WriteString("type", "WebSub");
                json.WriteString("url", feed.HubUrl.AbsoluteUri);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            json.WriteStartArray("items");
            foreach (var article in feed.Articles) WriteItem(json, article);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter json, Article article)
    {
        json.WriteStartObject();
        json.WriteString("id", "urn:uuid:" + article.Id);
        if (article.Url is not null) json.WriteString("url", article.Url.AbsoluteUri);
        json.WriteString("title", article.Title);
        // 1.1 requires content_html or content_text; an article always has one of them, or an empty text.
        if (article.ContentHtml is not null) json.WriteString("content_html", article.ContentHtml);
        json.WriteString("content_text", article.ContentText ?? "");
        if (article.Summary is not null) json.WriteString("summary", article.Summary);
        if (article.LeadImage is not null) json.WriteString("image", article.LeadImage.AbsoluteUri);
        if (article.Published is { } published) json.WriteString("date_published", XmlText.Rfc3339(published));
        json.WriteString("date_modified", XmlText.Rfc3339(FeedDocument.LastChange(article)));
        if (article.Author is not null)
        {
            json.WriteStartArray("authors");
            json.WriteStartObject();
            json.WriteString("name", article.Author);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        if (article.Language is not null) json.WriteString("language", article.Language);
        json.WriteStartArray("tags");
        foreach (var section in article.Sections) json.WriteStringValue(section.Slug);
        json.WriteEndArray();
        if (article.Enclosures.Count > 0)
        {
            json.WriteStartArray("attachments");
            foreach (var enclosure in article.Enclosures)
            {
                json.WriteStartObject();
                json.WriteString("url", enclosure.Href);
                json.WriteString("mime_type", enclosure.Type ?? "application/octet-stream");
                if (enclosure.Length is { } length) json.WriteNumber("size_in_bytes", length);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteStartObject("_feedhub");
        json.WriteString("source", article.SourceId);
        json.WriteStartArray("sources");
        foreach (var source in article.SourceIds) json.WriteStringValue(source);
        json.WriteEndArray();
        WriteOutlets(json, article);
        json.WriteStartArray("headings");
        foreach (var heading in article.Headings)
        {
            json.WriteStartObject();
            json.WriteNumber("level", heading.Level);
            json.WriteString("text", heading.Text);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("sections");
        foreach (var section in article.Sections)
        {
            json.WriteStartObject();
            json.WriteString("slug", section.Slug);
            json.WriteString("origin", section.Origin);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// "outlets": every source carrying the story with its own link and title, and why it joined (the rule, and for a
    /// syndicated copy its text similarity); "sources" stays the list of their ids.
    /// </summary>
    private static void WriteOutlets(Utf8JsonWriter json, Article article)
    {
        json.WriteStartArray("outlets");
        foreach (var outlet in article.Outlets)
        {
            json.WriteStartObject();
            json.WriteString("source", outlet.SourceId);
            if (outlet.Url is not null) json.WriteString("url", outlet.Url.AbsoluteUri);
            if (outlet.Title is not null) json.WriteString("title", outlet.Title);
            if (outlet.Rule is not null) json.WriteString("merged_by", outlet.Rule);
            if (outlet.Similarity is { } similarity) json.WriteNumber("similarity", similarity);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
