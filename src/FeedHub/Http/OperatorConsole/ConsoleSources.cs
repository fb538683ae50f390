using System.Globalization;
using System.Text;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// The sources list (status, last success, next check, articles, failures; filtered by status and searched by name or
/// URL) and adding a source: an address is run through <see cref="FeedDiscovery"/> (what `feedhub sources discover` and
/// POST /api/discover use), its preview shown, then saved with <see cref="SourcesFile.Add(string, SourceOptions)"/> like
/// `feedhub sources add` and POST /api/sources. An address with no feed whose page lists articles is offered as a page
/// source (Kind "page"), as `feedhub sources add --kind page` adds one.
/// </summary>
internal static class ConsoleSources
{
    public static IResult List(HttpContext context, string? status, string? q, LiveConfiguration configuration, SourceStore sources, ArticleStore articles)
    {
        var all = SourceOverview.For(configuration.Current, sources, articles);
        var wanted = SourceOverview.ParseStatus(status);
        var shown = all.Where(s => string.IsNullOrEmpty(status) || s.Status == wanted)
            .Where(s => string.IsNullOrWhiteSpace(q) || s.Name.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
                || s.Id.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase) || s.Url.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        var html = new StringBuilder("<p class=\"actions\"><a href=\"/console/sources/add\">Add a source</a></p>\n")
            .Append("<form method=\"get\" action=\"/console/sources\" class=\"filters\" role=\"search\">")
            .Append("<div><label for=\"status\">Status</label><select id=\"status\" name=\"status\"><option value=\"\">any</option>")
            .Append(string.Concat(Enum.GetValues<SourceHealth>().Select(s => $"<option{(s == wanted ? " selected" : "")}>{SourceOverview.TextOf(s)}</option>"))).Append("</select></div>")
            .Append(CultureInfo.InvariantCulture, $"<div><label for=\"q\">Name or URL</label><input type=\"search\" id=\"q\" name=\"q\" value=\"{H(q)}\"></div>")
            .Append("<div><button>Filter</button></div></form>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{shown.Count} of {all.Count} sources.</p>\n<div class=\"scroll\"><table id=\"sources\">")
            .Append("<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Status</th><th scope=\"col\">Last success</th><th scope=\"col\">Next check</th>")
            .Append("<th scope=\"col\">Articles</th><th scope=\"col\">Failures</th><th scope=\"col\">Last error</th></tr></thead><tbody>\n");
        foreach (var source in shown)
            html.Append(CultureInfo.InvariantCulture, $"<tr data-source=\"{H(source.Id)}\"><td><a href=\"/console/sources/{Uri.EscapeDataString(source.Id)}\">{H(source.Name)}</a><br>")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"muted\">{H(source.UrlPolled)}</span></td><td class=\"{StatusCss(source.Status)}\">{H(source.StatusText)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{When(source.LastSuccessAt)}</td><td>{When(source.NextCheckAt)}</td><td>{source.ArticleCount}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{source.ConsecutiveFailures}</td><td class=\"bad\">{H(source.DisabledReason ?? source.LastError)}</td></tr>\n");
        html.Append("</tbody></table></div>\n");
        return Page(context, "Sources", html.ToString());
    }

    public static string StatusCss(SourceHealth status) =>
        status switch { SourceHealth.Ok => "good", SourceHealth.Failing or SourceHealth.Stopped => "bad", _ => "muted" };

    public static IResult AddPage(HttpContext context) => Page(context, "Add a source", AddressForm(context, null));

    /// <summary>POST: finds the feed behind the address and shows what FeedHub would read from it, with the form that saves it.</summary>
    public static async Task<IResult> Discover(HttpContext context, LiveConfiguration configuration, FeedDiscovery discovery)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var address = form["address"].ToString().Trim();
        if (WebUrl.Parse(address) is not { } url)
            return Page(context, "Add a source", Notice($"'{address}' is not an http:// or https:// address.", bad: true) + AddressForm(context, address),
                StatusCodes.Status400BadRequest);
        var preview = await discovery.PreviewAsync(url, context.RequestAborted);
        var html = new StringBuilder(AddressForm(context, address));
        html.Append("<h2>What FeedHub tried</h2><ol id=\"tried\">")
            .Append(string.Concat(preview.Discovery.Tried.Select(t => $"<li><span class=\"muted\">{H(t.Url.AbsoluteUri)}</span> {H(t.Outcome)}</li>"))).Append("</ol>\n");
        if (preview.Discovery.Feed is { } feed)
        {
            html.Append(ConsolePreview.Render(preview));
            html.Append("<h2>Save</h2>").Append(SaveForm(context, configuration.Current,
                preview.Discovery.FeedUrl!.AbsoluteUri, Opml.IdFor(feed.Title), feed.Title, null, SourceKind.Feed));
            return Page(context, "Add a source", html.ToString());
        }
        var listing = preview.Discovery.Listing!;
        if (!preview.Discovery.FollowsPage)
            return Page(context, "Add a source",
                Notice($"No feed found at that address or on its common paths, and the page itself is no listing of articles FeedHub could follow instead: {listing.Status}.", bad: true)
                + html, StatusCodes.Status422UnprocessableEntity);
        // No feed, but the page lists articles: offered as a page source, saved as `feedhub sources add --kind page` does.
        html.Insert(0, Notice($"No feed found at that address or on its common paths. FeedHub can follow the page itself: it is {listing.Status}; "
            + "saved as a page source, each poll reads the page and fetches the articles it newly links."));
        html.Append(ConsolePreview.RenderPage(preview));
        var title = listing.Title.Length > 0 ? listing.Title : preview.Discovery.PageUrl!.Host;
        html.Append("<h2>Save as a page source</h2>")
            .Append(SaveForm(context, configuration.Current, preview.Discovery.PageUrl!.AbsoluteUri, Opml.IdFor(title), title, null, SourceKind.Page));
        return Page(context, "Add a source", html.ToString());
    }

    /// <summary>POST: adds the source to the config file (validated, atomic) and opens its page.</summary>
    public static async Task<IResult> Save(HttpContext context, LiveConfiguration configuration)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (id, url, name) = (form["id"].ToString().Trim(), form["url"].ToString().Trim(), form["name"].ToString().Trim());
        var sections = form["sections"].Select(s => s!).ToList();
        var kind = form["kind"] == "page" ? SourceKind.Page : SourceKind.Feed;
        string? error = null;
        TimeSpan? interval = null;
        if (ParseInterval(form["interval"], out var parsed, out var intervalError)) interval = parsed;
        else error = intervalError;
        if (error is null)
        {
            try
            {
                SourcesFile.Add(configuration.Current.FilePath, new SourceOptions
                {
                    Id = id, Url = url, Name = name.Length == 0 ? null : name, Sections = sections, Interval = interval, Enabled = form["enabled"] != "false",
                    Kind = kind == SourceKind.Page ? "page" : null,
                });
                configuration.Reload(); // in force now, not when the file watcher notices
                return TypedResults.Redirect($"/console/sources/{Uri.EscapeDataString(id)}?added=1");
            }
            catch (ConfigurationException e)
            {
                error = e.Message;
            }
        }
        return Page(context, "Add a source", Notice(error, bad: true) + SaveForm(context, configuration.Current, url, id, name, form["interval"], kind),
            StatusCodes.Status400BadRequest);
    }

    /// <summary>An interval field: blank for the default, else hh:mm:ss as in the config file.</summary>
    public static bool ParseInterval(string? text, out TimeSpan? interval, out string? error)
    {
        interval = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (FeedHubConfiguration.TryParseDuration(text.Trim(), out var parsed))
        {
            interval = parsed;
            return true;
        }
        error = $"Interval: '{text}' is not a duration such as 00:30:00 (hh:mm:ss).";
        return false;
    }

    private static string AddressForm(HttpContext context, string? address) => Form(context, "/console/sources/discover",
        "<label for=\"address\">Feed or site address <span>(a feed URL, or a site's page: FeedHub looks for its feed, else for the article links on the page)</span></label>"
        + $"<input type=\"url\" id=\"address\" name=\"address\" required value=\"{H(address)}\" placeholder=\"https://example.com/\">"
        + "<div><button class=\"primary\" id=\"discover\">Find the feed</button></div>", "stack");

    /// <summary>The fields a source is saved or edited with: id (new sources only), name, sections, interval (whose default depends on the kind).</summary>
    public static string SourceFields(FeedHubConfiguration configuration, string? name,
        IReadOnlyCollection<string> sections, string? interval, SourceKind kind) =>
        $"<label for=\"name\">Name</label><input type=\"text\" id=\"name\" name=\"name\" value=\"{H(name)}\">"
        + "<fieldset><legend>Sections</legend>"
        + string.Concat(configuration.Catalog.Sections.Select(s =>
            $"<div><input type=\"checkbox\" id=\"section-{H(s.Slug)}\" name=\"sections\" value=\"{H(s.Slug)}\"{(sections.Contains(s.Slug) ? " checked" : "")}> "
            + $"<label for=\"section-{H(s.Slug)}\">{H(s.Name)}</label></div>"))
        + "</fieldset>"
        + $"<label for=\"interval\">Interval <span>(hh:mm:ss; blank for the default, {DefaultInterval(configuration, kind):c}"
        + $"{(kind == SourceKind.Page ? ", a page source's" : "")})</span></label>"
        + $"<input type=\"text\" id=\"interval\" name=\"interval\" value=\"{H(interval)}\" inputmode=\"numeric\">";

    /// <summary>What a source of that kind is polled every when it sets no interval (Polling.DefaultInterval, or DefaultPageInterval).</summary>
    public static TimeSpan DefaultInterval(FeedHubConfiguration configuration, SourceKind kind) =>
        kind == SourceKind.Page ? configuration.Polling.DefaultPageInterval : configuration.Polling.DefaultInterval;

    private static string SaveForm(HttpContext context, FeedHubConfiguration configuration, string url, string id,
        string? name, string? interval, SourceKind kind) =>
        Form(context, "/console/sources",
            $"<input type=\"hidden\" name=\"url\" value=\"{H(url)}\">"
            + (kind == SourceKind.Page
                ? $"<input type=\"hidden\" name=\"kind\" value=\"page\"><p>Page (Kind page): <code id=\"feed-url\">{H(url)}</code></p>"
                : $"<p>Feed: <code id=\"feed-url\">{H(url)}</code></p>")
            + $"<label for=\"id\">Id <span>(letters, digits, . _ -; articles are keyed by it)</span></label><input type=\"text\" id=\"id\" name=\"id\" required value=\"{H(id)}\">"
            + SourceFields(configuration, name, [], interval, kind)
            + "<div><button class=\"primary\" id=\"save\">Save the source</button></div>", "stack");
}
