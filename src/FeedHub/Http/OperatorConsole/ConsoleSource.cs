using System.Globalization;
using System.Text;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;
using FeedHub.Scheduling;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// One source's page: its state (feed warning, permanent move, 410 stop), poll history and latest articles, and its actions.
/// Each action is the code path the CLI and the API use: <see cref="SourcesFile.Edit"/> (`feedhub sources edit`, PATCH
/// /api/sources/{id}), <see cref="SourcesFile.Remove"/>, and <see cref="SourceScheduler.PollNowAsync"/> (`feedhub refresh`, POST
/// /api/sources/{id}/refresh). Accepting a move configures the URL the feed moved to; re-enabling a source stopped by 410
/// is a forced poll, which brings the source back when the feed answers again.
/// </summary>
internal static class ConsoleSource
{
    /// <summary>What the source page reads, bound as one parameter ([AsParameters]) by every handler that shows it.</summary>
    internal sealed record SourcePageServices(LiveConfiguration Configuration, SourceStore Sources, ArticleStore Articles, PollHistory History);

    private const int HistoryRows = 50;
    private const int LatestArticles = 20;

    public static IResult Show(HttpContext context, string id, [AsParameters] SourcePageServices services) =>
        Render(context, id, services, context.Request.Query.ContainsKey("added") ? Notice("Saved. The source is polled within seconds; 'Refresh now' polls it at once.") : null);

    public static async Task<IResult> Refresh(HttpContext context, string id, SourcePoller poller, SourceScheduler scheduler,
        [AsParameters] SourcePageServices services)
    {
        if (Find(services.Configuration, id) is not { } options) return NoSuchSource(context, id);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var outcome = await scheduler.PollNowAsync(poller, options, form["force"] == "true", context.RequestAborted);
        var said = outcome.Status switch
        {
            PollStatus.Updated => $"Refreshed: updated, {outcome.NewArticles} new articles, {outcome.RevisedArticles} revised.",
            PollStatus.NotModified => "Refreshed: not modified since the last poll.",
            _ => $"Refreshed: {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Error}",
        };
        return Render(context, id, services, Notice(said, bad: outcome.Status is PollStatus.Failed or PollStatus.Disabled));
    }

    public static async Task<IResult> Edit(HttpContext context, string id, [AsParameters] SourcePageServices services)
    {
        if (Find(services.Configuration, id) is null) return NoSuchSource(context, id);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!ConsoleSources.ParseInterval(form["interval"], out var interval, out var error))
            return Render(context, id, services, Notice(error!, bad: true), StatusCodes.Status400BadRequest);
        var edit = new SourceEdit
        {
            Name = form["name"].ToString(), Sections = form["sections"].Select(s => s!).ToList(), Interval = interval, ClearInterval = interval is null,
            Enabled = form["enabled"] == "true",
        };
        return Change(context, id, services, path => SourcesFile.Edit(path, id, edit), "Saved.");
    }

    public static async Task<IResult> AcceptMove(HttpContext context, string id, [AsParameters] SourcePageServices services)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var state = services.Sources.FindState(id);
        if (state?.MovedTo is not { } movedTo || form["url"] != movedTo.AbsoluteUri) // the move the operator saw, not one that changed since
            return Render(context, id, services, Notice("That move is no longer pending.", bad: true), StatusCodes.Status409Conflict);
        return Change(context, id, services, path => SourcesFile.Edit(path, id, new SourceEdit { Url = movedTo.AbsoluteUri }),
            $"The source's Url is now {movedTo.AbsoluteUri}.");
    }

    public static IResult Remove(HttpContext context, string id, LiveConfiguration configuration)
    {
        try
        {
            SourcesFile.Remove(configuration.Current.FilePath, id);
        }
        catch (ConfigurationException e)
        {
            return Page(context, "Remove a source", Notice(e.Message, bad: true), StatusCodes.Status400BadRequest);
        }
        configuration.Reload();
        return Page(context, "Source removed", Notice($"Removed {id} from {configuration.Current.FilePath}. Its stored articles stay.")
            + "<p><a href=\"/console/sources\">Back to the sources</a></p>");
    }

    private static IResult Change(HttpContext context, string id, SourcePageServices services, Action<string> edit, string done)
    {
        try
        {
            edit(services.Configuration.Current.FilePath);
        }
        catch (ConfigurationException e)
        {
            return Render(context, id, services, Notice(e.Message, bad: true), StatusCodes.Status400BadRequest);
        }
        services.Configuration.Reload();
        return Render(context, id, services, Notice(done));
    }

    private static SourceOptions? Find(LiveConfiguration configuration, string id) => configuration.Current.Catalog.Sources.FirstOrDefault(s => s.Id == id);

    private static IResult NoSuchSource(HttpContext context, string id) =>
        Page(context, "No such source", Notice($"No source has the id '{id}'.", bad: true) + "<p><a href=\"/console/sources\">Back to the sources</a></p>",
            StatusCodes.Status404NotFound);

    private static IResult Render(HttpContext context, string id, SourcePageServices services, string? notice, int status = StatusCodes.Status200OK)
    {
        var (configuration, sources, articles, history) = services;
        if (SourceOverview.For(configuration.Current, sources, articles).FirstOrDefault(s => s.Id == id) is not { } source) return NoSuchSource(context, id);
        var state = sources.FindState(id);
        var options = Find(configuration, id)!;
        var action = $"/console/sources/{Uri.EscapeDataString(id)}";
        var html = new StringBuilder(notice ?? "");
        html.Append("<dl class=\"facts\" id=\"facts\">")
            .Append(CultureInfo.InvariantCulture, $"<dt>Id</dt><dd>{H(source.Id)}</dd><dt>Url</dt><dd>{H(source.Url)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Kind</dt><dd id=\"kind\">{(options.ParsedKind == SourceKind.Page
                ? "page: an HTML page whose article links are the entries" + (options.Items is { } items ? $" (selectors: items {H(items)})" : "")
                : "feed")}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Status</dt><dd id=\"status\" class=\"{ConsoleSources.StatusCss(source.Status)}\">{H(source.StatusText)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Last success</dt><dd>{When(source.LastSuccessAt)}</dd><dt>Next check</dt><dd>{When(source.NextCheckAt)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Interval</dt><dd>{source.Interval:c}</dd><dt>Sections</dt><dd>{H(string.Join(", ", source.Sections))}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Articles</dt><dd>{source.ArticleCount}</dd><dt>Feed format</dt><dd>{H(source.FeedFormat ?? "not read yet")}</dd>")
            .Append(source.ConsecutiveFailures > 0 ? $"<dt>Failures</dt><dd class=\"bad\">{source.ConsecutiveFailures} in a row: {H(source.LastError)}</dd>" : "")
            .Append(source.FeedWarning is { } warning ? $"<dt>Feed warning</dt><dd class=\"bad\">{H(warning)}</dd>" : "")
            .Append(state?.RedirectCandidate is { } candidate ? $"<dt>Redirect</dt><dd>permanently redirected to {H(candidate.AbsoluteUri)} on {state.RedirectCount} poll(s) in a row</dd>" : "")
            .Append(source.DisabledReason is { } stopped ? $"<dt>Stopped</dt><dd class=\"bad\">{H(stopped)}</dd>" : "")
            .Append("</dl>\n<div class=\"actions\">")
            .Append(Form(context, action + "/refresh", "<button class=\"primary\" id=\"refresh\">Refresh now</button>"));
        if (source.DisabledReason is not null)
            html.Append(Form(context, action + "/refresh", "<input type=\"hidden\" name=\"force\" value=\"true\"><button id=\"re-enable\">Re-enable (poll again)</button>"));
        if (state?.MovedTo is { } movedTo && state.UrlToPoll(new Uri(source.Url)) == movedTo)
            html.Append(Form(context, action + "/accept-move",
                $"<input type=\"hidden\" name=\"url\" value=\"{H(movedTo.AbsoluteUri)}\"><button id=\"accept-move\">Accept the move to {H(movedTo.AbsoluteUri)}</button>"));
        html.Append(Form(context, action + "/remove", "<button class=\"danger\" id=\"remove\">Remove this source</button>")).Append("</div>\n");
        html.Append("<div class=\"columns\"><section aria-labelledby=\"edit-title\"><h2 id=\"edit-title\">Edit</h2>")
            .Append(Form(context, action + "/edit",
                ConsoleSources.SourceFields(configuration.Current, options.Name, source.Sections, options.Interval?.ToString("c"), options.ParsedKind)
                + $"<div><input type=\"checkbox\" id=\"enabled\" name=\"enabled\" value=\"true\"{(options.Enabled ? " checked" : "")}> <label for=\"enabled\">Enabled (polled)</label></div>"
                + "<div><button id=\"save-source\">Save</button></div>", "stack"))
            .Append("</section>\n");
        Articles(html, articles.Find(new ArticleQuery { SourceId = id, Limit = LatestArticles }));
        html.Append("</div>\n");
        History(html, history.FindRecent(id, HistoryRows));
        return Page(context, source.Name, html.ToString(), status);
    }

    private static void Articles(StringBuilder html, IReadOnlyList<Core.Model.Article> latest)
    {
        html.Append("<section aria-labelledby=\"articles-title\"><h2 id=\"articles-title\">Latest articles</h2>");
        if (latest.Count == 0) html.Append("<p class=\"muted\">None stored yet.</p>");
        html.Append("<ul id=\"articles\">");
        foreach (var article in latest)
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/console/articles/{H(article.Id)}\">{H(article.Title)}</a> ")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"{(article.Extraction.IsExtracted ? "good" : "bad")}\">{H(article.Extraction.ToString())}</span></li>");
        html.Append("</ul></section>\n");
    }

    private static void History(StringBuilder html, IReadOnlyList<PollRecord> polls)
    {
        html.Append("<h2>Poll history</h2><div class=\"scroll\"><table id=\"polls\"><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Outcome</th>")
            .Append("<th scope=\"col\">HTTP</th><th scope=\"col\">Bytes</th><th scope=\"col\">Duration</th><th scope=\"col\">New</th><th scope=\"col\">Error</th></tr></thead><tbody>");
        foreach (var poll in polls)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{When(poll.PolledAt)}</td><td class=\"{(poll.Error is null ? "good" : "bad")}\">{H(poll.OutcomeText)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{poll.HttpStatus}</td><td>{poll.Bytes}</td><td>{poll.Duration.TotalMilliseconds:0} ms</td><td>{poll.NewArticles}</td><td>{H(poll.Error)}</td></tr>");
        html.Append("</tbody></table></div>");
        if (polls.Count == 0) html.Append("<p class=\"muted\">No polls recorded yet.</p>");
    }
}
