using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// What most end-to-end tests stand on: the real `serve` host (<see cref="RunningHost"/>) over a real SQLite file in a
/// folder of its own, a loopback server for it to poll (the upstream), and a client that sends the API key when asked.
/// A test class whose tests need a store each starts one per test (<see cref="StartAsync"/> in InitializeAsync); one
/// whose tests only read, or change nothing another test looks at, shares one through a <see cref="SharedHost"/>.
/// </summary>
public sealed class HostedFeedHub : IAsyncDisposable
{
    private HostedFeedHub(TempDirectory dir, LoopbackServer upstream, string configPath, RunningHost host)
    {
        Dir = dir;
        Upstream = upstream;
        ConfigPath = configPath;
        Host = host;
    }

    public TempDirectory Dir { get; }

    public LoopbackServer Upstream { get; }

    /// <summary>The feedhub.json the host was started with.</summary>
    public string ConfigPath { get; }

    public RunningHost Host { get; }

    public HttpClient Http { get; } = new();

    public Uri Url(string path) => Host.Url(path);

    public T Get<T>() where T : notnull => Host.Get<T>();

    /// <summary>
    /// Starts the upstream, lets <paramref name="configure"/> serve its files and write the configuration (its path is
    /// returned; by default one section and no source), then the host with <paramref name="apiKey"/> as Http:ApiKey
    /// when given, and <paramref name="overrides"/>.
    /// </summary>
    public static async Task<HostedFeedHub> StartAsync(
        Func<TempDirectory, LoopbackServer, string>? configure = null,
        string? apiKey = null,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var dir = new TempDirectory();
        LoopbackServer? upstream = null;
        try
        {
            upstream = await LoopbackServer.StartAsync();
            var configPath = configure is null ? TestConfig.Write(dir) : configure(dir, upstream);
            var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>());
            if (apiKey is not null) settings["Http:ApiKey"] = apiKey;
            var host = await RunningHost.StartAsync(configPath, settings);
            return new HostedFeedHub(dir, upstream, configPath, host);
        }
        catch
        {
            if (upstream is not null) await upstream.DisposeAsync();
            dir.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="body"/> to <paramref name="path"/>: a string as the JSON text it is, anything else serialized
    /// to JSON; with <paramref name="key"/> in X-Api-Key when given.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, Url(path))
        {
            Content = body switch
            {
                null => null,
                string json => new StringContent(json, Encoding.UTF8, "application/json"),
                _ => JsonContent.Create(body),
            },
        };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return Http.SendAsync(request);
    }

    /// <summary>GETs <paramref name="path"/>, which must answer 200, and reads its JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Upstream.DisposeAsync();
        Http.Dispose();
        Dir.Dispose();
    }
}

/// <summary>
/// One <see cref="HostedFeedHub"/> for all the tests of a class (xunit's IClassFixture): started before the first, stopped
/// after the last. Only for tests that can share a store: they read, or what they change no other test of the class looks at.
/// </summary>
public abstract class SharedHost : IAsyncLifetime
{
    public HostedFeedHub Hub { get; private set; } = null!;

    /// <summary>Starts the class's host, as its tests expect to find it.</summary>
    protected abstract Task<HostedFeedHub> StartAsync();

    public async Task InitializeAsync() => Hub = await StartAsync();

    public async Task DisposeAsync()
    {
        if (Hub is not null) await Hub.DisposeAsync();
    }
}
