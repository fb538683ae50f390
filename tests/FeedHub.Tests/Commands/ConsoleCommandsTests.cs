using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>`feedhub console hash-password` and `feedhub sources edit`, through the real executable.</summary>
public sealed class ConsoleCommandsTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task Hash_password_prints_a_hash_the_configuration_takes_and_the_password_verifies()
    {
        var (exit, stdout, _) = await FeedHubProcess.RunAsync(["console", "hash-password"], "s3cret-enough\n");
        var (tooShort, _, stderr) = await FeedHubProcess.RunAsync(["console", "hash-password"], "short\n");

        Assert.Equal(0, exit);
        var hash = stdout.Trim();
        Assert.StartsWith("pbkdf2-sha256$", hash);
        Assert.DoesNotContain("s3cret", hash);
        Assert.True(PasswordHash.Verify("s3cret-enough", hash));
        Assert.False(PasswordHash.Verify("s3cret-enougH", hash));
        Assert.Equal(2, tooShort);
        Assert.Contains("at least 8 characters", stderr);
    }

    [Fact]
    public async Task A_password_kept_in_plain_text_stops_the_start()
    {
        var config = TestConfig.Write(dir);
        var (exit, _, stderr) = await FeedHubProcess.RunAsync(["config", "check", "--config", config], null, ("FeedHub__Console__PasswordHash", "hunter2"));

        Assert.Equal(2, exit);
        Assert.Contains("Console.PasswordHash: not a hash made by 'feedhub console hash-password'", stderr);
    }

    [Fact]
    public async Task Sources_edit_changes_the_fields_given_and_keeps_the_comments()
    {
        var config = dir.Write("feedhub.json", $$"""
            {
              "Store": { "Path": "{{dir.File("feedhub.db")}}" },
              "Sections": [ { "Slug": "news", "Name": "News" }, { "Slug": "tech", "Name": "Technology" } ],
              "Sources": [
                // kept as written
                { "Id": "a", "Url": "https://a.example/feed", "Section": "news" },
                { "Id": "b", "Url": "https://b.example/feed", "Interval": "00:10:00" }
              ]
            }
            """);

        var (exit, _, _) = await FeedHubProcess.RunAsync(["sources", "edit", "b", "--name", "Bee", "--section", "tech", "--interval", "default",
            "--url", "https://b.example/moved", "--config", config]);
        var (unknown, _, stderr) = await FeedHubProcess.RunAsync(["sources", "edit", "nobody", "--name", "X", "--config", config]);

        Assert.Equal(0, exit);
        var text = File.ReadAllText(config);
        Assert.Contains("// kept as written\n    { \"Id\": \"a\", \"Url\": \"https://a.example/feed\", \"Section\": \"news\" }", text);
        var b = FeedHubConfiguration.Load(config).Catalog.Sources.Single(s => s.Id == "b");
        Assert.Equal(("Bee", "https://b.example/moved", (TimeSpan?)null), (b.Name, b.Url, b.Interval));
        Assert.Equal(["tech"], b.AllSections());
        Assert.Equal(2, unknown);
        Assert.Contains("no source has the id 'nobody'", stderr);
    }

    public void Dispose() => dir.Dispose();
}
