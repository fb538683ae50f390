using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace FeedHub.Http;

/// <summary>
/// The headers every answer carries: nosniff (a feed or a JSON answer is never run as a page or script), no framing
/// (clickjacking), no referrer to the sites the pages link to, and a Content-Security-Policy. A page sets the policy
/// that allows what it uses (<see cref="IndexPage"/>, <see cref="ExtractPage"/>, inline code allowed by hash, never
/// 'unsafe-inline'); RSS and Atom get the one their stylesheet needs in a browser; everything else loads nothing.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>What a page that loads nothing may do, and the end of every page's own policy.</summary>
    public const string NothingElse = "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Default = "default-src 'none'; " + NothingElse;

    /// <summary>
    /// RSS and Atom shown in a browser: feed.xsl from this server (CSP 3 checks XSLT as script) and the inline style it
    /// writes. The hash is worked out from the stylesheet itself, so editing its style cannot break the view.
    /// </summary>
    private static readonly string FeedPolicy = $"default-src 'none'; script-src 'self'; style-src {Hash(FeedStyle())}; " + NothingElse;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set as the answer starts: its content type is known then, and a handler's own policy is already there.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                headers.ContentSecurityPolicy = context.Response.ContentType?.Split(';')[0].Trim() is "application/rss+xml" or "application/atom+xml"
                    ? FeedPolicy
                    : Default;
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Sets the policy of the page being answered.</summary>
    public static void Allow(HttpContext context, string policy) => context.Response.Headers.ContentSecurityPolicy = policy;

    /// <summary>A CSP source that allows exactly this inline script or style: 'sha256-' and the base64 of its UTF-8 hash.</summary>
    public static string Hash(string inline) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";

    private static string FeedStyle()
    {
        using var stream = typeof(SecurityHeaders).Assembly.GetManifestResourceStream("feed.xsl")!;
        return XDocument.Load(stream).Descendants().Single(e => e.Name.LocalName == "style").Value;
    }
}
