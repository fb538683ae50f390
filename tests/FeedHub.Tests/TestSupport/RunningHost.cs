using FeedHub.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Tests.TestSupport;

/// <summary>The real `serve` host (Kestrel, Quartz, the pipeline, SQLite), started on a port the OS picks.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(WebApplication app)
    {
        App = app;
        BaseUrl = new Uri(app.Urls.First() + "/");
    }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    public Uri Url(string path) => new(BaseUrl, path);

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<RunningHost> StartAsync(string configPath, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var app = FeedHubServer.Build(FeedHubConfiguration.Load(configPath, overrides));
        await app.StartAsync();
        return new RunningHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
