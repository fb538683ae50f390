using System.Net;
using System.Text.RegularExpressions;
using FeedHub.Core.Configuration;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// A plain HTTP client of the operator console, with its own cookies (the session and the anti-forgery cookie), that reads
/// the anti-forgery token from a page's form as a browser would submit it.
/// </summary>
public sealed partial class ConsoleClient : IDisposable
{
    public const string Password = "correct horse battery staple";

    /// <summary>Console.PasswordHash for <see cref="Password"/>, made once (it is slow on purpose).</summary>
    public static readonly Lazy<string> PasswordHashValue = new(() => PasswordHash.Hash(Password));

    public ConsoleClient(Uri baseUrl) =>
        Http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUrl };

    public HttpClient Http { get; }

    /// <summary>The anti-forgery token of the first form on the page at <paramref name="path"/>.</summary>
    public async Task<string> TokenFromAsync(string path)
    {
        var html = await Http.GetStringAsync(path);
        return TokenField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("no token on " + path);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var all = fields.ToList();
        if (token is not null) all.Add(("__csrf", token));
        return await Http.PostAsync(path, new FormUrlEncodedContent(all.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }

    public async Task<HttpResponseMessage> SignInAsync(string password = Password) =>
        await PostAsync("/console/sign-in", await TokenFromAsync("/console/sign-in"), ("password", password));

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose() => Http.Dispose();
}
