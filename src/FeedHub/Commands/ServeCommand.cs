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
            try
            {
                await app.RunAsync();
            }
            catch (System.Net.Sockets.SocketException e)
            {
                // An address this machine doesn't have ends Kestrel's bind with a bare SocketException, which is no
                // IOException (a taken port is one): said as one line naming the setting, like every start-up failure.
                throw new IOException($"Http.Url: cannot listen on {configuration.Http.Url} ({e.Message.TrimEnd('.')}); "
                    + "use an address of this machine, such as http://127.0.0.1:5080, or http://0.0.0.0:5080 for every interface", e);
            }
            return FeedHubCli.Ok;
        });
        return command;
    }
}
