using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FeedHub.Http;

/// <summary>
/// Reads a POST body into the record a handler takes, and says what is wrong with it in the body's own words. The
/// serializer's messages name .NET types ("could not be converted to FeedHub.Http.SourcesApi+NewSource", "List`1"),
/// which tell a caller nothing; here each refusal names the JSON field, what it must be and what it was.
/// </summary>
internal static class JsonBody
{
    /// <summary>
    /// <paramref name="names"/> with unknown fields refused: a misspelt field ("intervall") would otherwise be dropped
    /// without a word, and the call would do something else than was asked.
    /// </summary>
    public static JsonSerializerOptions Strict(JsonSerializerOptions names, bool caseInsensitive = false)
    {
        var options = new JsonSerializerOptions(names)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            PropertyNameCaseInsensitive = caseInsensitive,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The body as <typeparamref name="T"/>, or why it is not one (a sentence for a 400's detail).</summary>
    public static async Task<(T? Body, string? Error)> ReadAsync<T>(Stream body, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        JsonDocument document;
        try
        {
            // Parsed first, apart from the binding, so bad syntax and a wrong shape get different answers.
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, $"The body must be a JSON object; this is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, $"The body must be a JSON object, not {Kind(root.ValueKind)}.");
            try
            {
                return (root.Deserialize<T>(options), null);
            }
            catch (JsonException e)
            {
                return (null, Explain(e, root, options.GetTypeInfo(typeof(T)).Properties, options.PropertyNameCaseInsensitive));
            }
        }
    }

    private static string Explain(JsonException e, JsonElement root, IList<JsonPropertyInfo> fields, bool caseInsensitive)
    {
        var comparison = caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        JsonPropertyInfo? Field(string name) => fields.FirstOrDefault(f => string.Equals(f.Name, name, comparison));
        // What Disallow refused: the field the record does not have (its message names the record's type instead).
        if (root.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => Field(name) is null) is { } unknown)
            return $"'{unknown}' is not a field of this body; it takes {Join(fields.Select(f => f.Name))}.";
        // Otherwise a value of the wrong JSON type: the exception's path ($.sections or $.sections[1]) says where.
        var (name, index) = ParsePath(e.Path);
        var property = root.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, comparison));
        if (name is null || Field(name) is not { } field || property.Value.ValueKind == JsonValueKind.Undefined)
            return "The body is not what this call takes; GET /openapi.json describes it.";
        var value = property.Value;
        if (index is { } i && value.ValueKind == JsonValueKind.Array && i < value.GetArrayLength() && ItemType(field.PropertyType) is { } itemType)
            return $"'{field.Name}' item {i + 1} must be {Expected(itemType)}, not {Kind(value[i].ValueKind)}.";
        return $"'{field.Name}' must be {Expected(field.PropertyType)}, not {Kind(value.ValueKind)}.";
    }

    /// <summary>"$.sections[1]" is (sections, 1); "$['odd name']" is (odd name, null).</summary>
    private static (string? Name, int? Index) ParsePath(string? path)
    {
        if (path is null || !path.StartsWith('$') || path.Length < 2) return (null, null);
        string rest;
        string name;
        if (path.StartsWith("$['", StringComparison.Ordinal) && path.IndexOf("']", StringComparison.Ordinal) is > 3 and var end)
            (name, rest) = (path[3..end], path[(end + 2)..]);
        else if (path[1] == '.')
        {
            var stop = path.IndexOfAny(['.', '['], 2);
            (name, rest) = stop < 0 ? (path[2..], "") : (path[2..stop], path[stop..]);
        }
        else return (null, null);
        var index = rest.StartsWith('[') && rest.IndexOf(']') is > 1 and var close && int.TryParse(rest[1..close], out var i) ? i : (int?)null;
        return (name, index);
    }

    private static Type? ItemType(Type type) =>
        type == typeof(string) ? null : type.GetInterfaces().Append(type)
            .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type.IsPrimitive || type == typeof(decimal)) return "a number";
        if (ItemType(type) is { } item) return item == typeof(string) ? "a list of strings" : "a list";
        return "an object";
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Join(IEnumerable<string> names) =>
        names.ToList() is [.. var first, var last] && first.Count > 0 ? $"{string.Join(", ", first)} and {last}" : string.Join("", names);
}
