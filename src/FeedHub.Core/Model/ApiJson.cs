using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeedHub.Core.Model;

/// <summary>
/// The one JSON shape FeedHub writes for scripts (the API, `feedhub extract` and `parse` as JSON): snake_case names,
/// nulls left out, text unescaped where JSON allows, and every date as the store writes it, UTC to the second with a
/// Z (2025-03-21T09:14:00Z), whichever endpoint it comes from.
/// </summary>
public static class ApiJson
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcSeconds() },
    };

    /// <summary>A date as FeedHub writes it everywhere: the store, the API, the logs.</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private sealed class UtcSeconds : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Date(value));
    }
}
