using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// The console's page shell and small HTML helpers. Pages are built on the server as text (like the status page at /):
/// no script, one stylesheet of its own (/console/console.css, so the policy says style-src 'self' and no inline code at
/// all), every value HTML-encoded through <see cref="H"/>, and every form that changes anything carries the anti-forgery
/// token (<see cref="Form"/>).
/// </summary>
internal static class ConsoleHtml
{
    public const string StylePath = "/console/console.css";

    /// <summary>What every console page may load: its stylesheet, and nothing else; forms post back to this server only.</summary>
    private const string Policy = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The article page also shows the stored body's images, media and embedded players, wherever they are.</summary>
    public const string ArticlePolicy = "default-src 'none'; style-src 'self'; img-src https: http: data:; media-src https: http:; "
        + "frame-src https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string Style = """
        :root { color-scheme: light; --ink: #1d1d1f; --muted: #555; --line: #d0d0d5; --bad: #a4000f; --good: #146c2e; --accent: #0b57d0; }
        * { box-sizing: border-box; }
        body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: var(--ink); background: #fff; }
        header { background: #f3f4f7; border-bottom: 1px solid var(--line); }
        nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; max-width: 76rem; margin: 0 auto; padding: .6rem 1rem; }
        nav .who { margin-left: auto; color: var(--muted); }
        main { max-width: 76rem; margin: 0 auto; padding: 0 1rem 3rem; }
        a { color: var(--accent); } a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f5b400; outline-offset: 1px; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .scroll { overflow-x: auto; }
        .bad { color: var(--bad); } .good { color: var(--good); } .muted { color: var(--muted); }
        .notice { border-left: 4px solid var(--accent); background: #eef3fd; padding: .5rem .8rem; margin: 1rem 0; }
        .notice.bad { border-color: var(--bad); background: #fdeeee; }
        form.inline { display: inline; } form.stack { display: grid; gap: .6rem; max-width: 40rem; } form.stack-wide { display: grid; gap: .6rem; } form.stack-wide textarea { min-height: 2.6rem; }
        label { font-weight: 600; } label span, .hint { font-weight: 400; color: var(--muted); }
        input[type=text], input[type=url], input[type=password], input[type=search], select, textarea { font: inherit; padding: .35rem .45rem; width: 100%; border: 1px solid #767680; border-radius: 3px; }
        textarea { min-height: 6rem; } fieldset { border: 1px solid var(--line); }
        button { font: inherit; padding: .35rem .9rem; border: 1px solid #3c4a66; border-radius: 3px; background: #e8ecf5; color: var(--ink); cursor: pointer; }
        button.primary { background: var(--accent); color: #fff; border-color: var(--accent); } button.danger { color: var(--bad); border-color: var(--bad); background: #fff; }
        .filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin: 1rem 0; } .filters > * { flex: 0 1 16rem; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .8rem 0; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .body { border-top: 1px solid var(--line); margin-top: 1rem; max-width: 46rem; } .body img { max-width: 100%; height: auto; }
        """;

    public static string H(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string When(DateTimeOffset? at) =>
        at is { } value ? $"<time datetime=\"{value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\">{value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}</time>" : "<span class=\"muted\">never</span>";

    /// <summary>A POST form to <paramref name="action"/> with the anti-forgery token; <paramref name="inner"/> holds its fields and button.</summary>
    public static string Form(HttpContext context, string action, string inner, string css = "inline") =>
        $"<form method=\"post\" action=\"{H(action)}\" class=\"{css}\">{TokenField(context)}{inner}</form>";

    public static string TokenField(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{H(tokens.FormFieldName)}\" value=\"{H(tokens.RequestToken)}\">";
    }

    /// <summary>The page: header with the console's navigation and the session, then <paramref name="body"/> under its h1.</summary>
    public static IResult Page(HttpContext context, string title, string body, int status = StatusCodes.Status200OK, string? policy = null)
    {
        SecurityHeaders.Allow(context, policy ?? Policy);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{H(title)} · FeedHub console</title><link rel=\"stylesheet\" href=\"{StylePath}\"></head>\n<body>\n")
            .Append("<header><nav aria-label=\"Console\"><strong>FeedHub</strong>")
            .Append("<a href=\"/console/sources\">Sources</a><a href=\"/console/sections\">Sections</a>")
            .Append("<a href=\"/console/search\">Search</a><a href=\"/console/opml\">OPML</a><a href=\"/\">Status page</a>")
            .Append(ConsoleSession.IsSignedIn(context)
                ? $"<span class=\"who\">Signed in</span>{Form(context, "/console/sign-out", "<button id=\"sign-out\">Sign out</button>")}"
                : "<a class=\"who\" href=\"/console/sign-in\">Sign in</a>")
            .Append("</nav></header>\n<main>\n")
            .Append(CultureInfo.InvariantCulture, $"<h1>{H(title)}</h1>\n").Append(body).Append("\n</main>\n</body></html>\n");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Notice(string text, bool bad = false) =>
        $"<p class=\"notice{(bad ? " bad" : "")}\" role=\"{(bad ? "alert" : "status")}\">{H(text)}</p>\n";

    public static IResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Text(Style, "text/css; charset=utf-8");
    }
}
