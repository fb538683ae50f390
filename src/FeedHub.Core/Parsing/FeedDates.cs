using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedHub.Core.Parsing;

/// <summary>
/// Reads the dates feeds really contain, into UTC. Families: RFC 822 and its common abuses
/// (full month names, two-digit years, missing seconds, comma in odd places, North American and
/// European zone names, "GMT+hh:mm"), W3C-DTF and ISO 8601 (reduced precision, ordinal days,
/// two-digit years, a space instead of "T"), asctime, Perforce ("2006/09/15"), and the Greek,
/// Hungarian and Korean forms some blog engines write. Anything else, or an impossible date,
/// is rejected (null) rather than guessed.
/// </summary>
public static partial class FeedDates
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = Spaces().Replace(text.Trim(), " ");
        return Iso8601(value) ?? Rfc822(Translate(value)) ?? Asctime(value) ?? Perforce(value) ?? Korean(value);
    }

    // ---- W3C-DTF / ISO 8601 ----

    private static DateTimeOffset? Iso8601(string value)
    {
        value = Translate(value); // Hungarian month names in an ISO date: 2004-július-13
        if (HungarianDate().Match(value) is { Success: true } named && Months.ContainsKey(named.Groups["m"].Value.ToLowerInvariant()))
            value = $"{named.Groups["y"].Value}-{Months[named.Groups["m"].Value.ToLowerInvariant()]:00}-{named.Groups["d"].Value.PadLeft(2, '0')}{named.Groups["rest"].Value}";
        foreach (var form in IsoForms)
        {
            var match = form.Match(value);
            if (!match.Success) continue;
            if (FromIso(match) is { } date) return date;
        }
        return null;
    }

    private static DateTimeOffset? FromIso(Match match)
    {
        int Number(string group, int missing) =>
            match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : missing;
        var year = Year(match.Groups["y"].Value);
        int month = Number("m", 1), day = Number("d", 1);
        if (match.Groups["o"].Success)
        {
            var ordinal = Number("o", 0);
            if (ordinal < 1 || ordinal > (DateTime.IsLeapYear(year) ? 366 : 365)) return null;
            var date = new DateTime(year, 1, 1).AddDays(ordinal - 1);
            (month, day) = (date.Month, date.Day);
        }
        var offset = match.Groups["tz"].Success ? NumericOffset(match.Groups["tz"].Value) : TimeSpan.Zero;
        return offset is null ? null : Build(year, month, day, Number("h", 0), Number("min", 0), Number("s", 0), offset.Value);
    }

    /// <summary>Two-digit years are read in the current century, as feeds that write them mean.</summary>
    private static int Year(string digits) =>
        digits.Length == 2 ? DateTime.UtcNow.Year / 100 * 100 + int.Parse(digits, CultureInfo.InvariantCulture)
            : int.Parse(digits, CultureInfo.InvariantCulture);

    // The date forms of W3C-DTF and ISO 8601 feeds use, tried in order: the first that gives a real date wins.
    // A time (T or a space, hh[:mm[:ss[.fff]]]) and then a zone may follow a full date only.
    // Two-digit-year ordinal dates (YYDDD) are not read: "22013" is more likely garbage than 13 January 2022.
    private const string IsoTime = """(?:[T ](?<h>\d{1,2})(?::?(?<min>\d{2})(?::?(?<s>\d{2})(?:[.,]\d+)?)?)? ?(?<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?$""";

    private static readonly Regex[] IsoForms =
    [
        new($@"^(?<y>\d{{4}})-(?<m>0?\d{{2}})-(?<d>\d{{2}}){IsoTime}", RegexOptions.Compiled),
        new($@"^(?<y>\d{{4}})(?<m>\d{{2}})(?<d>\d{{2}}){IsoTime}", RegexOptions.Compiled),
        new($@"^(?<y>\d{{4}})-?(?<o>\d{{3}}){IsoTime}", RegexOptions.Compiled),
        new(@"^(?<y>\d{4})(?:-(?<m>\d{2}))?$", RegexOptions.Compiled),
        new($@"^(?<y>\d{{2}})-?(?<m>\d{{2}})-?(?<d>\d{{2}}){IsoTime}", RegexOptions.Compiled),
        new(@"^-(?<y>\d{2})-?(?<m>\d{2})$", RegexOptions.Compiled),
    ];

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>[^\W\d_]+)-(?<d>\d{1,2})(?<rest>.*)$")]
    private static partial Regex HungarianDate();

    // ---- RFC 822 and friends ----

    private static DateTimeOffset? Rfc822(string value)
    {
        var match = Rfc822Date().Match(value);
        if (!match.Success) return null;
        if (!Months.TryGetValue(match.Groups["mon"].Value.ToLowerInvariant(), out var month)) return null;
        var yearText = match.Groups["y"].Value;
        var year = yearText.Length == 2 ? Year(yearText) : int.Parse(yearText, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        int hour = 0, minute = 0, second = 0;
        if (match.Groups["h"].Success)
        {
            hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
            minute = int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
            second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        }
        var offset = Zone(match.Groups["tz"].Value);
        return offset is null ? null : Build(year, month, day, hour, minute, second, offset.Value);
    }

    // [Day,] DD Mon[,] YYYY [hh:mm[:ss]] [zone]   and   Day Mon DD YYYY hh:mm:ss zone (JavaScript's toString)
    [GeneratedRegex("""
        ^(?:[^\W\d_]{2,}\.?,?\x20?)?
        (?:
            (?<d>\d{1,2})\x20(?<mon>[^\W\d_]{3,})\.?,?\x20(?<y>\d{4}|\d{2})
          | (?<mon>[^\W\d_]{3,})\x20(?<d>\d{1,2}),?\x20(?<y>\d{4})
        )
        (?:\x20(?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?)?
        (?:\x20?(?<tz>[A-Za-z/]+(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Rfc822Date();

    private static DateTimeOffset? Asctime(string value)
    {
        var match = AsctimeDate().Match(value);
        if (!match.Success) return null;
        return Rfc822($"{match.Groups["d"].Value} {match.Groups["mon"].Value} {match.Groups["y"].Value} {match.Groups["time"].Value} {match.Groups["tz"].Value}".TrimEnd());
    }

    // Sun Jan 4 16:29:06 2004, and Twitter's Sun Jul 15 01:16:00 +0000 2012
    [GeneratedRegex(@"^[A-Za-z]{3} (?<mon>[A-Za-z]{3}) (?<d>\d{1,2}) (?<time>\d{1,2}:\d{2}:\d{2})(?: (?<tz>[+-]\d{4}|[A-Z]{1,5}))? (?<y>\d{4})$")]
    private static partial Regex AsctimeDate();

    private static DateTimeOffset? Perforce(string value)
    {
        var match = PerforceDate().Match(value);
        if (!match.Success) return null;
        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12) return null;
        return Rfc822($"{match.Groups["d"].Value} {MonthNames[month - 1]} {match.Groups["y"].Value} {match.Groups["time"].Value} {match.Groups["tz"].Value}".TrimEnd());
    }

    [GeneratedRegex(@"^(?:[A-Za-z]{3}, )?(?<y>\d{4})/(?<m>\d{2})/(?<d>\d{2}) (?<time>\d{1,2}:\d{2}:\d{2})(?: (?<tz>[A-Z]{1,5}))?$")]
    private static partial Regex PerforceDate();

    // ---- Korean blog engines (Korea Standard Time, +09:00) ----

    private static DateTimeOffset? Korean(string value)
    {
        var match = KoreanDate().Match(value);
        if (!match.Success) return null;
        int Number(string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        var hour = Number("h");
        if (match.Groups["half"].Success)
        {
            if (hour is < 1 or > 12) return null;
            hour = hour % 12 + (match.Groups["half"].Value == "오후" ? 12 : 0);
        }
        return Build(Number("y"), Number("m"), Number("d"), hour, Number("min"), Number("s"), TimeSpan.FromHours(9));
    }

    // OnBlog: 2004년 05월 28일 01:31:15; Nate: 2004-05-25 오후 11:23:17 (오전 = AM, 오후 = PM)
    [GeneratedRegex(@"^(?:(?<y>\d{4})년 (?<m>\d{1,2})월 (?<d>\d{1,2})일|(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2}) (?<half>오전|오후)) (?<h>\d{1,2}):(?<min>\d{2}):(?<s>\d{2})$")]
    private static partial Regex KoreanDate();

    // ---- shared pieces ----

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, TimeSpan offset)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 24 || minute > 59 || second > 60 || offset.Duration() > TimeSpan.FromHours(14)) return null;
        try
        {
            // 24:00 is the end of the day, and a leap second is read as the second before it.
            var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified)
                .AddHours(hour).AddMinutes(minute).AddSeconds(Math.Min(second, 59));
            return new DateTimeOffset(local, TimeSpan.Zero).Subtract(offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>+hh:mm, +hhmm, +hh.</summary>
    private static TimeSpan? NumericOffset(string text)
    {
        if (text is "Z" or "") return TimeSpan.Zero;
        var match = Offset().Match(text);
        if (!match.Success) return null;
        var hours = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59) return null;
        var offset = new TimeSpan(hours, minutes, 0);
        return match.Groups["sign"].Value == "-" ? -offset : offset;
    }

    [GeneratedRegex(@"^(?<sign>[+-])(?<h>\d{1,2})(?::?(?<m>\d{2}))?$")]
    private static partial Regex Offset();

    /// <summary>A zone name, a numeric offset, or a name followed by one (GMT-01:01, Etc/GMT). Missing means UTC.</summary>
    private static TimeSpan? Zone(string zone)
    {
        if (zone.Length == 0) return TimeSpan.Zero;
        if (zone[0] is '+' or '-') return NumericOffset(zone);
        var match = NamedZone().Match(zone);
        if (!match.Success || !Zones.TryGetValue(match.Groups["name"].Value.ToUpperInvariant(), out var hours)) return null;
        var extra = match.Groups["offset"].Success ? NumericOffset(match.Groups["offset"].Value) : TimeSpan.Zero;
        return extra is null ? null : TimeSpan.FromHours(hours) + extra.Value;
    }

    [GeneratedRegex(@"^(?:Etc/)?(?<name>[A-Za-z]+)(?<offset>[+-]\d{1,2}(?::?\d{2})?)?$")]
    private static partial Regex NamedZone();

    private static readonly Dictionary<string, double> Zones = new()
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0, ["BST"] = 1, ["WEST"] = 1,
        ["CET"] = 1, ["MET"] = 1, ["CEST"] = 2, ["MEST"] = 2, ["EET"] = 2, ["EEST"] = 3, ["MSK"] = 3,
        ["IST"] = 5.5, ["JST"] = 9, ["KST"] = 9, ["AEST"] = 10, ["AEDT"] = 11, ["NZST"] = 12, ["NZDT"] = 13,
        ["AST"] = -4, ["ADT"] = -3, ["AT"] = -4, ["EST"] = -5, ["EDT"] = -4, ["ET"] = -5,
        ["CST"] = -6, ["CDT"] = -5, ["CT"] = -6, ["MST"] = -7, ["MDT"] = -6, ["MT"] = -7,
        ["PST"] = -8, ["PDT"] = -7, ["PT"] = -8, ["AKST"] = -9, ["AKDT"] = -8, ["HST"] = -10,
    };

    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        var months = new Dictionary<string, int>();
        var english = CultureInfo.InvariantCulture.DateTimeFormat;
        for (var i = 1; i <= 12; i++)
        {
            months[english.GetAbbreviatedMonthName(i).ToLowerInvariant()] = i;
            months[english.GetMonthName(i).ToLowerInvariant()] = i;
        }
        months["sept"] = 9;
        return months;
    }

    /// <summary>Greek and Hungarian day and month names, turned into English ones before the English rules run.</summary>
    private static string Translate(string value)
    {
        if (value.All(char.IsAscii)) return value;
        foreach (var (local, english) in LocalNames)
            value = value.Replace(local, english, StringComparison.OrdinalIgnoreCase);
        return value;
    }

    private static readonly (string Local, string English)[] LocalNames =
    [
        ("Κυρ", "Sun"), ("Δευ", "Mon"), ("Τρι", "Tue"), ("Τετ", "Wed"), ("Πεμ", "Thu"), ("Παρ", "Fri"), ("Σαβ", "Sat"),
        ("Ιαν", "Jan"), ("Φεβ", "Feb"), ("Μάώ", "Mar"), ("Μάρ", "Mar"), ("Απρ", "Apr"), ("Μάι", "May"), ("Μαϊ", "May"), ("Μαι", "May"),
        ("Ιούν", "Jun"), ("Ιον", "Jun"), ("Ιούλ", "Jul"), ("Ιολ", "Jul"), ("Αύγ", "Aug"), ("Αυγ", "Aug"), ("Σεπ", "Sep"),
        ("Οκτ", "Oct"), ("Νοέ", "Nov"), ("Νοε", "Nov"), ("Δεκ", "Dec"),
        ("január", "January"), ("február", "February"), ("március", "March"), ("április", "April"), ("május", "May"),
        ("június", "June"), ("július", "July"), ("augusztus", "August"), ("szeptember", "September"),
        ("október", "October"), ("november", "November"), ("december", "December"),
    ];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
