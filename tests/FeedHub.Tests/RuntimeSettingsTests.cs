using System.Text.Json;
using System.Xml.Linq;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests;

/// <summary>
/// The runtime settings `feedhub` runs with, as built, and the benchmarks' copy of them: the benchmarks report CPU and
/// memory as FeedHub's only while their process runs with the same settings.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void Feedhub_counts_calls_for_tiering_from_the_first_call()
    {
        // Built beside the tests from src/FeedHub (a project reference), as `dotnet run` and publish build it.
        var path = Path.Combine(AppContext.BaseDirectory, "feedhub.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal("0", Property(properties, "System.Runtime.TieredCompilation.CallCountingDelayMs"));
        Assert.Equal("5", Property(properties, "System.GC.ConserveMemory"));
        Assert.Equal("False", Property(properties, "System.GC.Server"));
    }

    private static string Property(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var value) ? value.ToString() : $"(no {name} in feedhub.runtimeconfig.json)";

    [Fact]
    public void The_benchmarks_run_with_the_runtime_settings_of_feedhub()
    {
        var feedhub = RuntimeSettings(SeedArticle.RepositoryFile("src/FeedHub/FeedHub.csproj"));
        var benchmarks = RuntimeSettings(SeedArticle.RepositoryFile("tests/FeedHub.Benchmarks/FeedHub.Benchmarks.csproj"));
        Assert.Contains("System.Runtime.TieredCompilation.CallCountingDelayMs=0", feedhub);
        Assert.Equal(feedhub, benchmarks);
    }

    /// <summary>The runtime host options and the GC mode a project file declares, as sorted "name=value" lines.</summary>
    private static List<string> RuntimeSettings(string project)
    {
        var xml = XDocument.Load(project);
        return xml.Descendants("RuntimeHostConfigurationOption")
            .Select(o => $"{o.Attribute("Include")?.Value}={o.Attribute("Value")?.Value}")
            .Concat(xml.Descendants("ServerGarbageCollection").Select(e => $"ServerGarbageCollection={e.Value}"))
            .Concat(xml.Descendants("ConcurrentGarbageCollection").Select(e => $"ConcurrentGarbageCollection={e.Value}"))
            .Concat(xml.Descendants("TieredPGO").Select(e => $"TieredPGO={e.Value}"))
            .Concat(xml.Descendants("TieredCompilation").Select(e => $"TieredCompilation={e.Value}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
