using System.Net;
using FeedHub.Http.OperatorConsole;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Http;

/// <summary>
/// The console's sign-in as plain HTTP sees it, on the real host: a changing request is refused without the session
/// (401) and without the anti-forgery token (400), and changes nothing; with both, it goes through. A wrong password, a
/// session past its lifetime and a signed-out session are refused too.
/// </summary>
public sealed class ConsoleSessionTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private LoopbackServer upstream = null!;
    private string config = null!;

    public async Task InitializeAsync()
    {
        upstream = await LoopbackServer.StartAsync();
        upstream.Serve("feed.xml", Feeds.Rss(), "application/rss+xml");
        config = TestConfig.Write(dir, ("gsm", upstream.Url("feed.xml"), "01:00:00"));
    }

    private Task<RunningHost> StartAsync(params (string Key, string Value)[] settings) =>
        RunningHost.StartAsync(config, settings.Append((Key: "Console:PasswordHash", Value: ConsoleClient.PasswordHashValue.Value))
            .ToDictionary(s => s.Key, s => (string?)s.Value));

    [Fact]
    public async Task A_changing_request_needs_the_session_and_the_token()
    {
        await using var host = await StartAsync();
        using var client = new ConsoleClient(host.BaseUrl);
        var pageToken = await client.TokenFromAsync("/console/sign-in");

        var anonymous = await client.PostAsync("/console/sources/gsm/remove", pageToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync()).StatusCode);
        var noToken = await client.PostAsync("/console/sources/gsm/remove", null);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("anti-forgery", await noToken.Content.ReadAsStringAsync());
        Assert.Contains("\"gsm\"", File.ReadAllText(config)); // nothing changed

        var removed = await client.PostAsync("/console/sources/gsm/remove", await client.TokenFromAsync("/console/sources/gsm"));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.DoesNotContain("\"gsm\"", File.ReadAllText(config));
    }

    [Fact]
    public async Task Guessing_the_password_is_stopped_after_ten_wrong_ones_from_an_address()
    {
        await using var host = await StartAsync();
        using var client = new ConsoleClient(host.BaseUrl);
        for (var i = 0; i < SignInThrottle.FailuresAllowed; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync("a wrong guess " + i)).StatusCode);

        using var refused = await client.SignInAsync(); // the right password, but after ten wrong ones: not even checked

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 300);
        Assert.Contains("Too many wrong passwords from this address", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/console/sources/gsm/remove", await client.TokenFromAsync("/console/sign-in"))).StatusCode);
    }

    [Fact]
    public async Task The_throttle_forgets_an_address_when_its_window_ends_or_it_signs_in()
    {
        var time = new SteppedTime();
        var throttle = new SignInThrottle(time);
        var address = System.Net.IPAddress.Loopback;
        for (var i = 0; i < SignInThrottle.FailuresAllowed; i++)
            Assert.False(await throttle.CheckAsync(address, () => false, CancellationToken.None));
        Assert.NotNull(throttle.RetryAfter(address));
        Assert.Null(throttle.RetryAfter(System.Net.IPAddress.IPv6Loopback)); // another address is not held back

        time.Now += SignInThrottle.Window;
        Assert.Null(throttle.RetryAfter(address));
        Assert.False(await throttle.CheckAsync(address, () => false, CancellationToken.None)); // a new window: one failure
        Assert.Null(throttle.RetryAfter(address));
        Assert.True(await throttle.CheckAsync(address, () => true, CancellationToken.None));
        for (var i = 0; i < SignInThrottle.FailuresAllowed - 1; i++)
            await throttle.CheckAsync(address, () => false, CancellationToken.None);
        Assert.Null(throttle.RetryAfter(address)); // the sign-in cleared the count: nine failures since are under the limit
    }

    private sealed class SteppedTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_token_from_another_session_or_a_wrong_password_is_refused()
    {
        await using var host = await StartAsync();
        using var stranger = new ConsoleClient(host.BaseUrl);
        var strangersToken = await stranger.TokenFromAsync("/console/sign-in");
        using var client = new ConsoleClient(host.BaseUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync("not the password")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync()).StatusCode);
        var forged = await client.PostAsync("/console/sources/gsm/refresh", strangersToken);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task A_session_ends_at_sign_out_and_after_its_lifetime()
    {
        await using var host = await StartAsync(("Console:SessionLifetime", "00:00:02"));
        using var client = new ConsoleClient(host.BaseUrl);
        await client.SignInAsync();
        var token = await client.TokenFromAsync("/console/sources/gsm");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/console/sign-out", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/console/sources/gsm/refresh", await client.TokenFromAsync("/console/sources/gsm"))).StatusCode);

        await client.SignInAsync();
        token = await client.TokenFromAsync("/console/sources/gsm");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/console/sources/gsm/refresh", token)).StatusCode);
    }

    [Fact]
    public async Task Reading_needs_the_session_when_status_is_not_public()
    {
        await using var host = await StartAsync(("Console:PublicStatus", "false"));
        using var client = new ConsoleClient(host.BaseUrl);

        var before = await client.Http.GetAsync("/console/sources");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.StartsWith("/console/sign-in", before.Headers.Location!.OriginalString);
        await client.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/console/sources")).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_password_nobody_signs_in()
    {
        await using var host = await RunningHost.StartAsync(config);
        using var client = new ConsoleClient(host.BaseUrl);

        var page = await client.Http.GetStringAsync("/console/sign-in");
        Assert.Contains("No console password is configured", page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/console/sources/gsm/remove", null)).StatusCode);
    }

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    public void Dispose() => dir.Dispose();
}
