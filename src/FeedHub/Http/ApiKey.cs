using System.Security.Cryptography;
using System.Text;
using FeedHub.Core.Configuration;

namespace FeedHub.Http;

/// <summary>The API key check for calls that change state or make FeedHub fetch: X-Api-Key, compared in constant time.</summary>
internal static class ApiKey
{
    public const string Header = "X-Api-Key";

    /// <summary>Null when the request carries the configured key; otherwise the 401 to answer with.</summary>
    public static IResult? Refuse(HttpRequest request, HttpOptions http)
    {
        if (string.IsNullOrEmpty(http.ApiKey))
            return Unauthorized("This call needs an API key, and none is configured (set FeedHub__Http__ApiKey).");
        var sent = request.Headers[Header].ToString();
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(http.ApiKey));
        return matches ? null : Unauthorized($"This call needs the API key in the {Header} header.");
    }

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: detail);
}
