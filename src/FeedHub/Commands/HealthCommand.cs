using System.CommandLine;
using FeedHub.Core.Configuration;

namespace FeedHub.Commands;

/// <summary>`feedhub health`: asks a running FeedHub's /readyz; for container health checks, where no curl is installed.</summary>
internal static class HealthCommand
{
    public static Command Create(Option<string> configOption)
    {
        var command = new Command("health", "Exit 0 when the FeedHub serving this configuration answers /readyz, 1 otherwise (for HEALTHCHECK).\nExample: feedhub health --config /app/config/feedhub.json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            var listen = new UriBuilder(configuration.Http.Url);
            if (listen.Host is "0.0.0.0" or "*" or "+" or "[::]") listen.Host = "127.0.0.1"; // listening everywhere: ask locally
            listen.Path = "/readyz";
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await client.GetAsync(listen.Uri, cancellationToken);
                Console.WriteLine($"{listen.Uri}: {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}");
                return response.IsSuccessStatusCode ? FeedHubCli.Ok : FeedHubCli.Failure;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"feedhub: {listen.Uri}: {e.Message}");
                return FeedHubCli.Failure;
            }
        });
        return command;
    }
}
