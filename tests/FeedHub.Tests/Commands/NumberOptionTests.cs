using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>
/// Whole-number options given something that is no number: a usage error (exit 2, one line saying what could not be
/// read), as for any other bad argument. Their range checks used to read the value regardless, which throws in
/// System.CommandLine, and the command died with an unhandled exception and a stack trace (exit 134).
/// </summary>
public sealed class NumberOptionTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Theory]
    [InlineData("query", "SELECT 1", "--timeout", "abc")]
    [InlineData("articles", "list", "--limit", "ten")]
    [InlineData("search", "radar", "--limit", "1e3")]
    public async Task A_value_that_is_no_number_is_a_usage_error_not_a_crash(string command, string argument, string option, string value)
    {
        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync([command, argument, option, value, "--config", Path.Combine(dir.Path, "none.json")]);

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.Contains($"Cannot parse argument '{value}' for option '{option}'", stderr);
    }

    [Theory]
    [InlineData("query", "SELECT 1", "--timeout", "0", "--timeout must be from 1 to 3600 seconds")]
    [InlineData("articles", "list", "--limit", "501", "--limit must be from 1 to 500")]
    [InlineData("search", "radar", "--limit", "-1", "--limit must be from 1 to 500")]
    public async Task A_number_out_of_range_is_still_refused_with_the_range(string command, string argument, string option, string value, string expected)
    {
        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync([command, argument, option, value, "--config", Path.Combine(dir.Path, "none.json")]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, stderr);
    }

    /// <summary>`sources polls` took any number and quietly read 0 or -1 as 1 (and 99999 as all), where the API refuses them.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99999")]
    public async Task The_poll_history_limit_is_refused_outside_1_to_500_as_in_the_api(string value)
    {
        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["sources", "polls", "some-source", "--limit", value, "--config", Path.Combine(dir.Path, "none.json")]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--limit must be from 1 to 500", stderr);
    }

    public void Dispose() => dir.Dispose();
}
