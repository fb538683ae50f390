using System.Text.RegularExpressions;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests;

/// <summary>
/// Lines of code in src/ stay within <see cref="MaxLength"/> characters. What a literal holds does not count: SQL and
/// HTML in raw string literals, regexes, messages and URLs may run as long as they need; so do comments that hold a URL.
/// The goal is 120; <see cref="MaxLength"/> is where the code stands today (see the README's "Contributing").
/// </summary>
public sealed partial class LineLengthTests
{
    /// <summary>The longest a line may be once its literals' contents are left out.</summary>
    public const int MaxLength = 160;

    [Fact]
    public void Src_lines_stay_within_the_limit()
    {
        var src = SeedArticle.RepositoryFile("src");
        var separator = Path.DirectorySeparatorChar;
        var tooLong = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}") && !f.Contains($"{separator}obj{separator}"))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => TooLong(File.ReadAllLines(f)).Select(l => $"{Path.GetRelativePath(src, f)}:{l.Number} ({l.Length})"))
            .ToList();
        Assert.True(tooLong.Count == 0,
            $"{tooLong.Count} lines longer than {MaxLength} characters (literals left out); wrap them:\n" + string.Join("\n", tooLong));
    }

    [Theory]
    [InlineData("var x = 1;", 10)]
    [InlineData("""var sql = "SELECT a, b FROM c WHERE d = 'e'";""", 13)]
    [InlineData("""throw new Exception($"no source '{id}' in {path}");""", 24)]
    [InlineData("""if (c == '"') return @"C:\""quoted"" path";""", 23)]
    [InlineData(""""var json = $$"""{"a": {{b}}}""";"""", 14)]
    [InlineData("// see https://example.com/a/very/long/address", 0)]
    public void A_line_is_measured_without_what_its_literals_hold(string line, int length) =>
        Assert.Equal(length, Measure(line));

    [Fact]
    public void Lines_inside_a_raw_string_literal_are_not_measured()
    {
        string[] lines =
        [
            "var sql = \"\"\"",
            "    SELECT " + new string('x', 200),
            "    \"\"\";",
            "var y = " + new string('z', 200) + ";",
        ];
        Assert.Equal([(4, 209)], TooLong(lines).Select(l => (l.Number, l.Length)));
    }

    /// <summary>The lines over the limit (numbered from 1), skipping those inside multi-line raw string literals.</summary>
    private static IEnumerable<(int Number, int Length)> TooLong(string[] lines)
    {
        var inRaw = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = SingleLineRaw().Replace(lines[i], "\"\"");
            var quotes = line.IndexOf("\"\"\"", StringComparison.Ordinal);
            if (inRaw)
            {
                if (quotes < 0) continue;
                inRaw = false;
                line = line[(quotes + 3)..]; // what follows the literal's end
            }
            else if (quotes >= 0)
            {
                inRaw = true;
                line = line[..quotes]; // what precedes the literal
            }
            if (Measure(line) is var length && length > MaxLength) yield return (i + 1, length);
        }
    }

    /// <summary>A line's length with the contents of its char and string literals left out; 0 for a comment with a URL.</summary>
    private static int Measure(string line)
    {
        if (line.TrimStart().StartsWith("//", StringComparison.Ordinal) && line.Contains("://", StringComparison.Ordinal)) return 0;
        var bare = CharLiteral().Replace(line, "''");
        bare = SingleLineRaw().Replace(bare, "\"\"");
        return StringLiteral().Replace(bare, "\"\"").TrimEnd().Length;
    }

    [GeneratedRegex("""'(?:[^'\\]|\\.)'""")]
    private static partial Regex CharLiteral();

    [GeneratedRegex("\\$*\"\"\".*?\"\"\"")]
    private static partial Regex SingleLineRaw();

    // Regular or interpolated strings (\" is a quote) and verbatim ones ("" is a quote).
    [GeneratedRegex("""(?:\$*"(?:[^"\\]|\\.)*"|(?:@\$*|\$+@)"(?:[^"]|"")*")""")]
    private static partial Regex StringLiteral();
}
