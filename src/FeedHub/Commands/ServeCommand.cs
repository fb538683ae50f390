using System.CommandLine;
using FeedHub.Core.Configuration;

namespace FeedHub.Commands;

/// <summary>`feedhub serve`: the scheduler polling every enabled source, and the HTTP server.</summary>
internal static class ServeCommand
{
    public static Command Create(Option<string> configOption)
    {
        var command = new Command("serve", "Poll the configured sources on schedule and serve the section feeds, the API and the operator page over HTTP.\nExample: FeedHub__Http__Url=http://0.0.0.0:5080 feedhub serve --config config/feedhub.json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var app = FeedHubServer.Build(configuration);
            await app.RunAsync();
            return FeedHubCli.Ok;
        });
        return command;
    }
}
