using System.Text.Json;
using FeedHub.Core;
using FeedHub.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.Tests.TestSupport;

/// <summary>Writes a feedhub.json for a test: one section, the given sources, a store in the test's directory.</summary>
public static class TestConfig
{
    public const string Section = "world-defense";

    public static string Write(TempDirectory dir, params (string Id, Uri Url, string Interval)[] sources) =>
        Write(dir, allowLoopback: true, sources);

    /// <param name="allowLoopback">Whether the network guard lets fetches reach 127.0.0.0/8, where the test servers are.</param>
    public static string Write(TempDirectory dir, bool allowLoopback, params (string Id, Uri Url, string Interval)[] sources)
    {
        var document = new
        {
            Store = new { Path = dir.File("feedhub.db") },
            Http = new { Url = "http://127.0.0.1:0" },
            // Tests poll their own loopback servers every second or so, below the floor that protects real publishers.
            Polling = new { RequestTimeout = "00:00:10", MinInterval = "00:00:01" },
            Network = new { AllowedNetworks = allowLoopback ? new[] { "127.0.0.0/8" } : [] },
            Sections = new[] { new { Slug = Section, Name = "World Defense" } },
            Sources = sources.Select(s => new { s.Id, Url = s.Url.AbsoluteUri, Sections = new[] { Section }, s.Interval }).ToArray(),
            Logging = new { LogLevel = new { Default = "Warning" } },
        };
        return dir.Write("feedhub.json", JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The pipeline with the app's own wiring, for tests below the host.</summary>
    public static ServiceProvider Services(FeedHubConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddFeedHubCore(configuration);
        return services.BuildServiceProvider();
    }
}
