using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Configuration;

/// <summary>The real executable, as an operator runs it, on a bad configuration.</summary>
public sealed class ConfigErrorExitTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task Serve_stops_with_exit_code_2_and_one_line_naming_file_key_and_problem()
    {
        var path = dir.Write("feedhub.json", """
            { "Sections": [ { "Slug": "news", "Name": "News" } ],
              "Sources": [ { "Id": "a", "Url": "https://example.com/feed.xml", "Section": "news", "Interval": "often" } ] }
            """);

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["serve", "--config", path]);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"feedhub: configuration error: {path}: Sources[0].Interval: 'often' is not a duration such as 00:15:00 (hh:mm:ss)", line);
    }

    [Theory]
    [InlineData("config", "check")]
    [InlineData("serve")]
    [InlineData("status")]
    public async Task A_key_given_twice_is_a_one_line_error_for_every_command(params string[] command)
    {
        // Keys differ only in case: the JSON configuration provider treats them as one key and used to throw.
        var path = dir.Write("feedhub.json", $$"""
            { "Store": { "Path": "{{dir.File("feedhub.db")}}" },
              "Sections": [ { "Slug": "news", "Name": "News" } ],
              "Sources": [ { "Id": "a", "Url": "https://example.com/feed.xml", "Section": "news", "Interval": "00:30:00", "interval": "01:00:00" } ] }
            """);

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync([.. command, "--config", path]);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"feedhub: configuration error: {path}: Sources[0].interval: the key is given twice (keys are not case-sensitive); keep one", line);
    }

    [Fact]
    public async Task An_environment_variable_overrides_the_file_and_is_validated_like_it()
    {
        var path = dir.Write("feedhub.json", """{ "Http": { "Url": "http://127.0.0.1:5080" } }""");

        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["serve", "--config", path], null,
            ("FeedHub__Http__Url", "no-scheme:5080/x y"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Http.Url: 'no-scheme:5080/x y' is not an absolute http:// or https:// URL", stderr);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["frobnicate"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("frobnicate", stderr);
    }

    [Fact]
    public async Task A_taken_port_is_a_one_line_failure_not_a_crash()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var path = dir.Write("feedhub.json", $$"""
            { "Store": { "Path": "{{dir.File("feedhub.db")}}" }, "Http": { "Url": "http://127.0.0.1:{{port}}" } }
            """);

        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["serve", "--config", path]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"feedhub: Failed to bind to address http://127.0.0.1:{port}", stderr);
    }

    public void Dispose() => dir.Dispose();
}
