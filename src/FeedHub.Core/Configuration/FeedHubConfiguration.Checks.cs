using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace FeedHub.Core.Configuration;

// The checks made on keys and values before anything is bound: the binder ignores what it can't place
// (an unknown key, a string where a list is expected) and converts what it shouldn't ("3" to three days).
public sealed partial class FeedHubConfiguration
{
    /// <summary>
    /// The first key given twice, as the JSON configuration provider would see it, or null. JsonDocument keeps
    /// both copies, but the provider reads keys case-insensitively and throws on a value whose key it has seen
    /// ("A duplicate key ... was found", which ended a running server on reload); two properties of one object
    /// that differ only in case are refused too, since one would silently merge into the other.
    /// </summary>
    private static string? FindDuplicateKey(JsonElement element, string path, HashSet<string> valueKeys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    var key = path.Length == 0 ? property.Name : $"{path}:{property.Name}";
                    if (!names.Add(property.Name)) return key;
                    if (FindDuplicateKey(property.Value, key, valueKeys) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindDuplicateKey(item, $"{path}:{index++}", valueKeys) is { } found) return found;
                return null;
            default: // a value: its full key must be new ("Http:Url" written flat collides with Http.Url)
                return valueKeys.Add(path) ? null : path;
        }
    }

    /// <summary>
    /// A number or true/false where the setting is text ("Id": 5), or null. The configuration providers turn
    /// every value into a string, so this is the one place where the JSON's own types can still be seen; a
    /// number written for an id or a URL is a mistake worth naming rather than a value worth guessing at.
    /// </summary>
    private static string? FindNonTextValue(JsonElement element, string path, Type? type)
    {
        if (type is null) return null; // free-form (Logging), or a key the later check calls unknown
        if (ListItemType(type) is { } itemType)
        {
            if (element.ValueKind != JsonValueKind.Array) return null;
            var index = 0;
            foreach (var item in element.EnumerateArray())
                if (FindNonTextValue(item, $"{path}:{index++}", itemType) is { } found) return found;
            return null;
        }
        if (type == typeof(string))
            return element.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                ? $"{DisplayKey(path)}: {element.GetRawText()} is not text; write it in quotes (\"{element.GetRawText()}\") if that is what you mean"
                : null;
        return IsScalar(type) ? null : FindNonTextValue(element, path, SettingsOf(type));
    }

    private static string? FindNonTextValue(JsonElement element, string path, IReadOnlyDictionary<string, Type?> settings)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
        {
            var key = path.Length == 0 ? property.Name : $"{path}:{property.Name}";
            if (FindNonTextValue(property.Value, key, settings.GetValueOrDefault(property.Name)) is { } found) return found;
        }
        return null;
    }

    /// <summary>
    /// Every key must be one FeedHub knows and every value must convert to its setting's type.
    /// Checked here rather than left to the binder, which ignores unknown keys, ignores a single value given
    /// where a list is expected ("Sections": "news"), and silently drops a list entry (a whole source) whose
    /// value doesn't convert.
    /// </summary>
    private static void CheckKeysAndValues(IEnumerable<IConfigurationSection> children, IReadOnlyDictionary<string, Type?> known)
    {
        foreach (var child in children)
        {
            if (!known.TryGetValue(child.Key, out var type))
                throw new ConfigurationException(
                    $"{DisplayKey(child.Path)}: unknown setting (expected one of: {string.Join(", ", known.Keys)})");
            if (type is not null)
                CheckKeysAndValues(child, type);
        }
    }

    private static void CheckKeysAndValues(IConfigurationSection section, Type type)
    {
        // A value with no children where a list or an object belongs; an empty JSON list or object reads as null or "".
        var isSingleValue = !string.IsNullOrEmpty(section.Value) && !section.GetChildren().Any();
        if (ListItemType(type) is { } itemType)
        {
            if (isSingleValue)
                throw new ConfigurationException($"{DisplayKey(section.Path)}: '{section.Value}' is a single value; a list is expected, "
                    + $"such as [ \"{section.Value}\" ] (in the environment, one variable per item: {EnvironmentPrefix}{section.Path.Replace(":", "__")}__0)");
            foreach (var item in section.GetChildren())
                CheckKeysAndValues(item, itemType);
            return;
        }
        if (IsScalar(type))
        {
            if (section.GetChildren().Any())
                throw new ConfigurationException($"{DisplayKey(section.Path)}: a list or an object where a single value is expected");
            CheckValue(section, Nullable.GetUnderlyingType(type) ?? type);
            return;
        }
        if (isSingleValue)
            throw new ConfigurationException($"{DisplayKey(section.Path)}: '{section.Value}' is a single value; an object {{ ... }} of settings is expected");
        CheckKeysAndValues(section.GetChildren(), SettingsOf(type));
    }

    private static void CheckValue(IConfigurationSection section, Type type)
    {
        if (section.Value is null || type == typeof(string)) return; // null: an object or an empty value
        if (type.IsEnum)
        {
            // A name only (any case): the binder would also take a number, which says nothing to the reader.
            if (!Enum.GetNames(type).Contains(section.Value.Trim(), StringComparer.OrdinalIgnoreCase))
                throw new ConfigurationException($"{DisplayKey(section.Path)}: '{section.Value}' is not one of "
                    + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())));
            return;
        }
        try
        {
            // TimeSpan's converter also reads "3" as three days and "00:15" as fifteen minutes: only the full form is
            // taken, so a duration always reads the same to the person who wrote it and to FeedHub.
            if (type == typeof(TimeSpan) && !TryParseDuration(section.Value, out _)) throw new FormatException();
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(section.Value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new ConfigurationException($"{DisplayKey(section.Path)}: '{section.Value}' is not {Describe(type)}");
        }
    }

    /// <summary>A duration as the configuration takes it: hh:mm:ss or d.hh:mm:ss, never a bare number.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        return DurationPattern().IsMatch(text) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }

    private static bool IsScalar(Type type)
    {
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        return scalar.IsPrimitive || scalar.IsEnum || scalar == typeof(string) || scalar == typeof(TimeSpan);
    }

    private static Type? ListItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    private static Dictionary<string, Type?> SettingsOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, p => (Type?)p.PropertyType, StringComparer.OrdinalIgnoreCase);

    /// <summary>hh:mm:ss or d.hh:mm:ss, with an optional fraction of a second and sign (a negative one is refused later, by name).</summary>
    [GeneratedRegex(@"^\s*-?([0-9]+\.)?[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?\s*$")]
    private static partial Regex DurationPattern();
}
