using System.Text.Json;
using System.Text.Json.Nodes;
using FeedHub.Core.Model;

namespace FeedHub.Core.Configuration;

/// <summary>
/// Edits the "Sources" list of a configuration file the way an operator would by hand: the other parts,
/// the order of sources and the comments between them stay; the result is validated before it replaces
/// the file, and it replaces it atomically (a new file renamed over the old), so a crash or a bad edit
/// never leaves a half-written or invalid config. A running server picks the change up by itself.
/// </summary>
public static class SourcesFile
{
    private static readonly JsonReaderOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Allow, AllowTrailingCommas = true };
    private static readonly JsonWriterOptions WriteOptions = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping
    };


    public static void Add(string path, SourceOptions source) => Add(path, [source]);

    /// <summary>Adds sources at the end of the list, in one validated, atomic rewrite.</summary>
    public static void Add(string path, IReadOnlyList<SourceOptions> sources)
    {
        var configuration = FeedHubConfiguration.Load(path);
        foreach (var added in sources)
        {
            // Without regard to case, as the configuration's own check compares ids.
            if (configuration.Catalog.Sources.FirstOrDefault(s => s.Id.Equals(added.Id, StringComparison.OrdinalIgnoreCase)) is not { } taken) continue;
            throw new ConfigurationException(taken.Id == added.Id
                ? $"{path}: Sources: a source with the id '{added.Id}' exists already"
                : $"{path}: Sources: the id '{added.Id}' differs only in case from the existing source '{taken.Id}'; ids are compared without case",
                ConfigurationProblem.AlreadyExists);
        }
        if (sources.Count > 0) Rewrite(path, List, (_, node) => node, added: sources.Select(ToJson).ToList());
    }

    public static void Remove(string path, string id) =>
        Rewrite(path, List, (sourceId, node) => sourceId == id ? null : node, mustMatch: id);

    public static void SetEnabled(string path, string id, bool enabled) => Edit(path, id, new SourceEdit { Enabled = enabled });

    /// <summary>
    /// Changes the given fields of one source (the others, and their comments, stay as written), in one validated, atomic
    /// rewrite: `feedhub sources edit`, PATCH /api/sources/{id} and the console all edit through here.
    /// </summary>
    public static void Edit(string path, string id, SourceEdit edit) =>
        Rewrite(path, List, (sourceId, node) =>
        {
            if (sourceId != id) return node;
            if (edit.Name is { } name) Set(node, "Name", string.IsNullOrWhiteSpace(name) ? null : name.Trim());
            if (edit.Url is { } url) Set(node, "Url", url.Trim());
            if (edit.Sections is { } sections)
            {
                Set(node, "Section", null); // the one-section spelling gives way to the list
                Set(node, "Sections", new JsonArray(sections.Distinct(StringComparer.Ordinal).Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()));
            }
            if (edit.Interval is { } interval) Set(node, "Interval", interval.ToString("c"));
            if (edit.ClearInterval) Set(node, "Interval", null);
            if (edit.Enabled is { } enabled) Set(node, "Enabled", enabled);
            return node;
        }, mustMatch: id);

    /// <summary>Sets a key as it is spelt in the file (keys are not case-sensitive), or removes it when <paramref name="value"/> is null.</summary>
    internal static void Set(JsonObject node, string key, JsonNode? value)
    {
        var written = node.Select(p => p.Key).FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (value is null)
        {
            if (written is not null) node.Remove(written);
            return;
        }
        node[written ?? key] = value;
    }

    private static JsonObject ToJson(SourceOptions source)
    {
        var node = new JsonObject { ["Id"] = source.Id, ["Url"] = source.Url };
        if (!string.IsNullOrWhiteSpace(source.Name)) node["Name"] = source.Name;
        var sections = source.AllSections();
        if (sections.Count > 0) node["Sections"] = new JsonArray(sections.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        if (source.Interval is { } interval) node["Interval"] = interval.ToString("c");
        if (!source.Enabled) node["Enabled"] = false;
        if (source.Kind is { } kind && source.ParsedKind == SourceKind.Page) node["Kind"] = kind;
        foreach (var (key, selector) in new[] { ("Items", source.Items), ("Link", source.Link), ("Title", source.Title), ("Date", source.Date) })
            if (selector is not null) node[key] = selector;
        return node;
    }

    /// <summary>A list of the root object that these edits rewrite: its name, the key that names each member, and words for errors.</summary>
    internal sealed record ListOf(string Name, string Key, string Noun);

    private static readonly ListOf List = new("Sources", "Id", "source");

    /// <param name="transform">Given each member's key (id or slug) and object: the object to write instead (changed),
    /// the same object (kept as it was written), or null (dropped).</param>
    internal static void Rewrite(string path, ListOf list, Func<string?, JsonObject, JsonObject?> transform,
        IReadOnlyList<JsonObject>? added = null, string? mustMatch = null)
    {
        var original = File.ReadAllText(path);
        var (updated, ids) = Transform(original, list, transform, added ?? []);
        if (mustMatch is not null && !ids.Contains(mustMatch))
            throw new ConfigurationException($"{path}: {list.Name}: no {list.Noun} has the {list.Key.ToLowerInvariant()} '{mustMatch}'",
                ConfigurationProblem.NotFound);
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $"{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, updated);
            FeedHubConfiguration.Load(temporary); // the edit must leave a valid configuration
            File.Move(temporary, path, overwrite: true); // rename: readers see the old file or the new one, never half of one
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException(e.Message.Replace(temporary, path) + " (the file was not changed)", e.Problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationNotWritableException(path, e);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// Rewrites only the text of the Sources array: every byte outside it, and every source that is kept as it is
    /// (with its comments and layout), stays as written.
    /// </summary>
    /// <returns>The new text, and the ids of the sources it had.</returns>
    private static (string Updated, HashSet<string> Ids) Transform(
        string original, ListOf list, Func<string?, JsonObject, JsonObject?> transform, IReadOnlyList<JsonObject> added)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(original);
        var reader = new Utf8JsonReader(bytes, ReadOptions);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? rootProperty = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) rootProperty = reader.GetString();
            if (reader.TokenType != JsonTokenType.StartArray || reader.CurrentDepth != 1
                || !string.Equals(rootProperty, list.Name, StringComparison.OrdinalIgnoreCase))
                continue;
            var arrayStart = (int)reader.TokenStartIndex;
            var previousEnd = arrayStart + 1;
            var kept = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Comment) continue;
                var elementStart = (int)reader.TokenStartIndex;
                reader.Skip();
                var elementEnd = (int)reader.BytesConsumed;
                var lead = Text(bytes, previousEnd, elementStart).TrimStart().TrimStart(',');
                var element = Text(bytes, elementStart, elementEnd);
                previousEnd = elementEnd;
                if (JsonNode.Parse(element, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) is not JsonObject source)
                {
                    kept.Add("\n    " + element); // not a source object; validation will name the problem
                    continue;
                }
                var id = source.FirstOrDefault(p => p.Key.Equals(list.Key, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
                if (id is not null) ids.Add(id);
                var result = transform(id, source);
                if (result is null) continue;
                kept.Add("\n    " + lead.TrimStart('\n', ' ') + (ReferenceEquals(result, source) && !Changed(element, result) ? element : Indent(result)));
            }
            var tail = Text(bytes, previousEnd, (int)reader.TokenStartIndex).TrimStart().TrimStart(',').TrimEnd();
            kept.AddRange(added.Select(a => "\n    " + Indent(a)));
            var array = "[" + string.Join(",", kept) + (tail.Length > 0 ? "\n    " + tail : "") + "\n  ]";
            return (Text(bytes, 0, arrayStart) + array + Text(bytes, (int)reader.BytesConsumed, bytes.Length), ids);
        }
        // No Sources list yet: one is added to the root object (the file has nothing to lose in the list).
        var root = JsonNode.Parse(original,
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        root[list.Name] = new JsonArray(added.Select(a => (JsonNode)a.DeepClone()).ToArray());
        return (root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = WriteOptions.Encoder }) + "\n", ids);
    }

    /// <summary>Whether a kept object differs from its original text (a transform may change it in place).</summary>
    private static bool Changed(string element, JsonObject node) =>
        JsonNode.Parse(element, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.ToJsonString() != node.ToJsonString();

    private static string Indent(JsonObject node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = WriteOptions.Encoder }).Replace("\n", "\n    ");

    private static string Text(byte[] bytes, int start, int end) => System.Text.Encoding.UTF8.GetString(bytes, start, end - start);
}

/// <summary>The fields an edit of one source changes; null leaves a field as it is.</summary>
public sealed record SourceEdit
{
    /// <summary>The display name; blank removes it (the id is shown).</summary>
    public string? Name { get; init; }
    public string? Url { get; init; }
    public IReadOnlyList<string>? Sections { get; init; }
    public TimeSpan? Interval { get; init; }
    /// <summary>Removes the source's own interval, so Polling.DefaultInterval applies.</summary>
    public bool ClearInterval { get; init; }
    public bool? Enabled { get; init; }
}

/// <summary>
/// The config file can't be replaced here: its folder is read-only (a Docker volume mounted :ro, a folder another user
/// owns), or the file is mounted on its own, so a new file can't be renamed over it. Nothing was changed.
/// </summary>
public sealed class ConfigurationNotWritableException(string path, Exception cause) : IOException(
    $"{path} can't be changed here ({cause.Message}); nothing was changed. Edits write a new file beside it and rename it over the old one, "
    + "so FeedHub needs to be able to write the file's folder: give it a writable config folder (in the Docker image, /app/config, "
    + "or your own folder mounted there without :ro), or edit the file by hand where it is writable", cause);

