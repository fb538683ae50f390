using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeedHub.Commands;

/// <summary>Rows printed as a table for people, or as JSON, CSV or NDJSON for scripts.</summary>
internal static class Output
{
    public static Option<string> FormatOption(string defaultFormat = "table")
    {
        var option = new Option<string>("--format") { Description = "table, json, csv or ndjson", DefaultValueFactory = _ => defaultFormat };
        option.AcceptOnlyFromAmong("table", "json", "csv", "ndjson");
        return option;
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions IndentedJson = new(Json) { WriteIndented = true };

    public static void Write(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, string format)
    {
        switch (format)
        {
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => ToObject(columns, r)), IndentedJson));
                break;
            case "ndjson":
                foreach (var row in rows) Console.WriteLine(JsonSerializer.Serialize(ToObject(columns, row), Json));
                break;
            case "csv":
                Console.WriteLine(string.Join(',', columns.Select(Csv)));
                foreach (var row in rows) Console.WriteLine(string.Join(',', row.Select(v => Csv(Text(v)))));
                break;
            default:
                Table(columns, rows);
                break;
        }
    }

    private static Dictionary<string, object?> ToObject(IReadOnlyList<string> columns, object?[] row)
    {
        var item = new Dictionary<string, object?>();
        for (var i = 0; i < columns.Count; i++) item[columns[i]] = row[i] is DateTimeOffset date ? Text(date) : row[i];
        return item;
    }

    private static void Table(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        const int maxWidth = 60;
        var cells = rows.Select(r => r.Select(v => Shorten(Text(v), maxWidth)).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in cells) text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Console.Write(text.ToString());
    }

    public static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset date => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(' ', list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Shorten(string value, int width)
    {
        var line = value.ReplaceLineEndings(" ");
        return line.Length <= width ? line : line[..(width - 1)] + "…";
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
