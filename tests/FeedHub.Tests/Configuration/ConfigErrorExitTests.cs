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

    [Theory]
    [InlineData("\"Id\": \"a\", \"Sections\": \"news\"", "Sources[0].Sections: 'news' is a single value; a list is expected, such as [ \"news\" ] (in the environment, one variable per item: FeedHub__Sources__0__Sections__0)")]
    [InlineData("\"Sections\": [ \"news\" ], \"Id\": 5", "Sources[0].Id: 5 is not text; write it in quotes (\"5\") if that is what you mean")]
    [InlineData("\"Id\": \"a\", \"Sections\": [ \"news\" ], \"Interval\": \"3\"", "Sources[0].Interval: '3' is not a duration such as 00:15:00 (hh:mm:ss)")]
    [InlineData("\"Id\": \"a\", \"Sections\": [ \"news\" ], \"Interval\": \"00:00:01\"", "Sources[0].Interval: 00:00:01 is shorter than the minimum interval 00:01:00 (Polling.MinInterval)")]
    public async Task A_value_of_the_wrong_type_exits_2_with_one_line(string fields, string problem)
    {
        // The binder used to ignore the string, take the number as the id and "3" as three days (issue 17 item 6).
        var path = dir.Write("feedhub.json", $$"""
            { "Store": { "Path": "{{dir.File("feedhub.db")}}" },
              "Sections": [ { "Slug": "news", "Name": "News" } ],
              "Sources": [ { "Url": "https://example.com/feed.xml", {{fields}} } ] }
            """);

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["config", "check", "--config", path]);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal($"feedhub: configuration error: {path}: {problem}", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
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
    public async Task A_list_given_as_one_environment_variable_is_refused_not_ignored()
    {
        var path = dir.Write("feedhub.json", """{ "Network": { "AllowedNetworks": [] } }""");

        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["config", "check", "--config", path], null,
            ("FeedHub__Network__AllowedNetworks", "10.0.0.0/8"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Network.AllowedNetworks: '10.0.0.0/8' is a single value; a list is expected", stderr);
        Assert.Contains("FeedHub__Network__AllowedNetworks__0", stderr);
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

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["serve", "--config", path]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"feedhub: Failed to bind to address http://127.0.0.1:{port}: address already in use.", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        // The host's own log of the failure came first, with a 30-line stack trace (issue 17 item 13).
        Assert.DoesNotContain("Hosting failed to start", stdout);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public async Task An_address_this_machine_does_not_have_is_a_one_line_failure_naming_the_setting()
    {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no machine has it, so binding fails with "Cannot assign requested address".
        var path = dir.Write("feedhub.json", $$"""
            { "Store": { "Path": "{{dir.File("feedhub.db")}}" }, "Http": { "Url": "http://192.0.2.1:5080" } }
            """);

        var (exitCode, stdout, stderr) = await FeedHubProcess.RunAsync(["serve", "--config", path]);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("feedhub: Http.Url: cannot listen on http://192.0.2.1:5080 (", line);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    public void Dispose() => dir.Dispose();
}
