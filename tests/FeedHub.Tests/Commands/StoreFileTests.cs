using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Commands;

/// <summary>A Store.Path that names something other than a store (or a folder that is a file): one line with the path, exit 1, and the file left alone.</summary>
public sealed class StoreFileTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public async Task A_store_file_that_is_not_sqlite_is_named_in_the_error()
    {
        var config = TestConfig.Write(dir);
        var junk = "these are notes, not a database\n" + new string('x', 4096);
        File.WriteAllText(dir.File("feedhub.db"), junk);

        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync(["status", "--config", config]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"feedhub: the store {dir.File("feedhub.db")} is not a SQLite database", stderr);
        Assert.Equal(junk, File.ReadAllText(dir.File("feedhub.db")));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("serve")]
    public async Task A_store_whose_folder_is_a_file_names_the_store_and_the_file_in_the_way(string command)
    {
        var config = TestConfig.Write(dir);
        File.WriteAllText(dir.File("notes"), "a file, where the store's folder would go");
        var store = Path.Combine(dir.File("notes"), "feedhub.db");

        var (exitCode, _, stderr) = await FeedHubProcess.RunAsync([command, "--config", config], environment: ("FeedHub__Store__Path", store));

        Assert.Equal(1, exitCode);
        Assert.Equal($"feedhub: Store.Path {store}: can't make its folder {dir.File("notes")}: {dir.File("notes")} is a file, not a folder", stderr.Trim());
    }

    public void Dispose() => dir.Dispose();
}
