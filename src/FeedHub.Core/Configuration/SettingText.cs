namespace FeedHub.Core.Configuration;

/// <summary>
/// Control characters in settings: a NUL, a line break or an escape has no place in a URL, an id, a name or a header
/// value, and passed on it truncates a C string, splits a header or a log line, or breaks the XML a feed is written as.
/// </summary>
public static class SettingText
{
    /// <summary>Which control character <paramref name="text"/> holds and where ("U+0000 at character 21"), or null.</summary>
    public static string? FindControlCharacter(string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
            if (char.IsControl(text[i]))
                return $"U+{(int)text[i]:X4} at character {i + 1}";
        return null;
    }

    /// <summary>
    /// Why <paramref name="text"/> can't be an HTTP header value, or null: a control character (a line break would end
    /// the header, and .NET refuses to send it, failing every request), or a character outside ASCII, which .NET's
    /// HTTP client and Kestrel refuse by default. The value itself is not repeated: it may be a secret.
    /// </summary>
    public static string? HeaderValueProblem(string key, string? text)
    {
        if (ControlCharacterProblem(key, text) is { } control) return control;
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
            if (text[i] > '\x7e')
                return $"{key}: has the character U+{(int)text[i]:X4} at character {i + 1}, outside ASCII, which an HTTP header can't carry";
        return null;
    }

    /// <summary>"Key: contains the control character ...", or null when the text has none.</summary>
    public static string? ControlCharacterProblem(string key, string? text) =>
        FindControlCharacter(text) is { } found ? $"{key}: contains the control character {found}; remove it" : null;
}
