using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Corpora;

/// <summary>One check of shared/feed-conformance/expectations.json and whether FeedHub's parser passed it.</summary>
public sealed record ConformanceCheck(string File, string Group, string Tier, string Path, string Op, JsonNode? Expected, bool Passed, string? Actual);

/// <summary>
/// Runs FeedHub's parser over the feed conformance corpus (shared/feed-conformance: feedparser's test feeds with
/// their expected results as path/op/value checks). Each file is parsed once, as if fetched with the HTTP headers
/// its case names; the parsed feed is put in the corpus's field names (<see cref="ToConformanceJson"/>) and every
/// check resolved against that. Shared by the conformance test (the floors) and the benchmark (the report).
/// </summary>
public static partial class FeedConformance
{
    public static string FindFolder() => Corpora.Folder("feed-conformance");

    /// <param name="parse">The parser under test, as (bytes, content type, document URL, Content-Location, Content-Language) -> conformance JSON.</param>
    public static IReadOnlyList<ConformanceCheck> Run(string folder, Func<byte[], string?, Uri, string?, string?, JsonObject>? parse = null)
    {
        parse ??= ParseWithFeedHub;
        var corpus = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(folder, "expectations.json")))!;
        var cases = corpus["cases"]!.AsObject();
        var results = new List<ConformanceCheck>();
        foreach (var file in corpus["expectations"]!.AsArray().GroupBy(e => (string)e!["file"]!))
        {
            var http = cases[file.Key]?["http"];
            var headers = http?["headers"]?.AsObject();
            string? Header(string name) => headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
            var url = http?["url"] is { } u ? new Uri((string)u!) : new Uri("http://conformance.test/" + file.Key);
            JsonObject? parsed = null;
            string? crash = null;
            try
            {
                var bytes = File.ReadAllBytes(System.IO.Path.Combine(folder, "files", file.Key));
                parsed = parse(bytes, http is null ? null : Header("Content-Type") ?? "text/xml", url, Header("Content-Location"), Header("Content-Language"));
            }
            catch (Exception e)
            {
                crash = e.GetType().Name + ": " + e.Message;
            }
            foreach (var check in file)
                results.Add(Evaluate(check!, parsed, crash));
        }
        return results;
    }

    private static ConformanceCheck Evaluate(JsonNode check, JsonObject? parsed, string? crash)
    {
        var path = (string)check["path"]!;
        var op = (string)check["op"]!;
        var expected = check["value"];
        bool passed;
        string? actual;
        if (parsed is null)
            (passed, actual) = (false, crash);
        else
        {
            var found = Resolve(parsed, path, out var value);
            actual = found ? value?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null" : "(absent)";
            passed = op switch
            {
                "parses" => true,
                "equals" when expected is null => !found || value is null,
                "equals" => found && Same(value, expected, path),
                "one_of" => found && expected!.AsArray().Any(e => Same(value, e, path)),
                "count" => found && value is JsonArray array && array.Count == (int)expected!,
                "absent" => !found,
                "present" => found && value is not null,
                "truthy" => found && Truthy(value),
                "falsy" => !found || !Truthy(value),
                _ => false,
            };
        }
        return new ConformanceCheck((string)check["file"]!, (string)check["group"]!, (string)check["tier"]!, path, op, expected, passed, actual);
    }

    private static bool Same(JsonNode? actual, JsonNode? expected, string path)
    {
        if (actual is null || expected is null) return actual is null && expected is null;
        if (path == "encoding") return string.Equals(actual.ToString(), expected.ToString(), StringComparison.OrdinalIgnoreCase);
        if (actual.GetValueKind() == JsonValueKind.Number && expected.GetValueKind() == JsonValueKind.Number)
            return Number(actual) == Number(expected);
        return JsonNode.DeepEquals(actual, expected);
    }

    private static bool Truthy(JsonNode? value) => value switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject obj => obj.Count > 0,
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value) != 0,
            _ => true,
        },
    };

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>Resolves "entries[0].links[1].href" in the parsed JSON; false when any step is missing.</summary>
    public static bool Resolve(JsonObject root, string path, out JsonNode? value)
    {
        value = root;
        if (path.Length == 0) return true;
        foreach (Match step in PathStep().Matches(path))
        {
            if (step.Groups["name"].Success)
            {
                if (value is not JsonObject obj || !obj.TryGetPropertyValue(step.Groups["name"].Value, out value)) return false;
            }
            else
            {
                var index = int.Parse(step.Groups["index"].Value, CultureInfo.InvariantCulture);
                if (value is not JsonArray array || index >= array.Count) return false;
                value = array[index];
            }
        }
        return true;
    }

    [GeneratedRegex(@"(?<name>[A-Za-z0-9_-]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();

    public static JsonObject ParseWithFeedHub(byte[] bytes, string? contentType, Uri url, string? contentLocation, string? contentLanguage) =>
        new FeedParser().Parse(bytes, contentType, url, contentLocation, contentLanguage) switch
        {
            ParseResult.Parsed parsed => ToConformanceJson(parsed.Feed),
            ParseResult.NotAFeed notAFeed => new JsonObject { ["bozo"] = true, ["bozo_exception"] = notAFeed.Reason, ["feed"] = new JsonObject(), ["entries"] = new JsonArray() },
            _ => throw new InvalidOperationException(),
        };

    // ---- FeedHub's model in the corpus's field names ----

    public static JsonObject ToConformanceJson(ParsedFeed feed) => Clean(new JsonObject
    {
        ["bozo"] = feed.IllFormed is not null,
        ["bozo_exception"] = feed.IllFormed,
        ["encoding"] = feed.Encoding,
        ["version"] = feed.Format,
        ["feed"] = Header(feed.Header),
        ["entries"] = new JsonArray(feed.Entries.Select(Entry).ToArray<JsonNode?>()),
    });

    private static JsonObject Header(FeedHeader header)
    {
        var json = Metadata(header);
        json["id"] = header.Id;
        json["href"] = json["link"]?.DeepClone(); // RSS <source url>
        json["icon"] = header.Icon;
        json["logo"] = header.Logo;
        json["ttl"] = header.Ttl is { } ttl ? ((int)ttl.TotalMinutes).ToString(CultureInfo.InvariantCulture) : null;
        json["generator"] = header.Generator?.Name;
        json["generator_detail"] = header.Generator is { } g ? new JsonObject { ["name"] = g.Name, ["href"] = g.Href, ["version"] = g.Version } : null;
        json["image"] = header.Image is { } i ? new JsonObject { ["href"] = i.Href, ["title"] = i.Title, ["link"] = i.Link, ["width"] = i.Width, ["height"] = i.Height, ["description"] = i.Description } : null;
        Text(json, "subtitle", header.Subtitle);
        return json;
    }

    private static JsonObject Entry(FeedEntry entry)
    {
        var json = Metadata(entry);
        json["id"] = entry.Id;
        json["guidislink"] = entry.GuidIsLink;
        json["content"] = new JsonArray(entry.Content.Select(c => (JsonNode?)TextDetail(c)).ToArray());
        json["enclosures"] = new JsonArray(entry.Enclosures.Select(e => (JsonNode?)new JsonObject
        {
            ["href"] = e.Href, ["type"] = e.Type, ["length"] = e.Length?.ToString(CultureInfo.InvariantCulture),
        }).ToArray());
        json["comments"] = entry.Comments;
        json["source"] = entry.Source is null ? null : Header(entry.Source);
        Text(json, "summary", entry.SummaryText ?? entry.Content.FirstOrDefault()); // feedparser's summary falls back to the content
        return json;
    }

    /// <summary>The fields feeds and entries share.</summary>
    private static JsonObject Metadata(FeedMetadata metadata)
    {
        var json = new JsonObject
        {
            ["link"] = metadata.Links.FirstOrDefault(l => l.Rel == "alternate")?.Href,
            ["links"] = new JsonArray(metadata.Links.Select(l => (JsonNode?)new JsonObject
            {
                ["href"] = l.Href, ["rel"] = l.Rel, ["type"] = l.Type, ["title"] = l.Title, ["hreflang"] = l.HrefLang, ["length"] = l.Length,
            }).ToArray()),
            ["tags"] = new JsonArray(metadata.Tags.Select(t => (JsonNode?)new JsonObject { ["term"] = t.Term, ["scheme"] = t.Scheme, ["label"] = t.Label }).ToArray()),
            ["license"] = metadata.License,
            ["language"] = metadata.Language,
            ["published"] = Date(metadata.Published),
            ["published_raw"] = metadata.PublishedRaw,
            ["updated"] = Date(metadata.Updated ?? metadata.Published), // feedparser's "updated" falls back to the published date
            ["updated_raw"] = metadata.UpdatedRaw ?? metadata.PublishedRaw,
            ["authors"] = new JsonArray(metadata.Authors.Select(p => (JsonNode?)Person(p)).ToArray()),
            ["contributors"] = new JsonArray(metadata.Contributors.Select(p => (JsonNode?)Person(p)).ToArray()),
        };
        if (metadata.Authors.Count > 0)
        {
            json["author"] = metadata.Authors[0].Display;
            json["author_detail"] = Person(metadata.Authors[0]);
        }
        Text(json, "title", metadata.TitleText);
        Text(json, "rights", metadata.Rights);
        return json;
    }

    private static void Text(JsonObject json, string name, FeedText? text)
    {
        if (text is null) return;
        json[name] = text.Value;
        json[name + "_detail"] = TextDetail(text);
    }

    private static JsonObject TextDetail(FeedText text) =>
        new() { ["value"] = text.Value, ["type"] = text.Type, ["language"] = text.Language, ["base"] = text.Base, ["src"] = text.Src };

    private static string? Date(DateTimeOffset? date) => date?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Person(FeedPerson person) => new() { ["name"] = person.Name, ["email"] = person.Email, ["href"] = person.Href };

    /// <summary>Null members are left out, so that "absent" and "equals null" read the same as in the corpus.</summary>
    private static JsonObject Clean(JsonObject json)
    {
        foreach (var (key, value) in json.ToList())
        {
            if (value is null) json.Remove(key);
            else if (value is JsonObject inner) Clean(inner);
            else if (value is JsonArray array) foreach (var item in array.OfType<JsonObject>()) Clean(item);
        }
        return json;
    }
}
