using System.CommandLine;
using System.Globalization;

namespace FeedHub.Commands;

/// <summary>The range check of a whole-number option (--limit, --timeout).</summary>
internal static class NumberRange
{
    /// <summary>
    /// Refuses a value outside <paramref name="min"/>..<paramref name="max"/> with <paramref name="error"/>. A value that is
    /// no number at all is left to the parser, which says so ("Cannot parse argument 'abc' for option '--limit'"):
    /// reading it here would throw instead, and the command would die with a stack trace (found probing
    /// `feedhub query ... --timeout abc`).
    /// </summary>
    public static Option<int> AcceptOnly(this Option<int> option, int min, int max, string error)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => !int.TryParse(t.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))) return;
            if (result.GetValueOrDefault<int>() < min || result.GetValueOrDefault<int>() > max) result.AddError(error);
        });
        return option;
    }
}
