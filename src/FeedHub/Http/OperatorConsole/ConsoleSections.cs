using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Publishing;
using FeedHub.Core.Sections;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Primitives;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// Sections: the list, adding one, and editing a section's Include/Exclude rules with a preview of which stored articles
/// the edited rules take in and leave out (<see cref="Resectioner.Preview"/>, the assignment the server applies after a
/// change) before they are saved with <see cref="SectionsFile.SetRules"/>.
/// </summary>
internal static class ConsoleSections
{
    /// <summary>The newest stored articles a preview runs the edited rules over.</summary>
    private const int PreviewArticles = 200;

    private const int ListedPerSide = 50;

    public static IResult List(HttpContext context, LiveConfiguration configuration, ArticleStore articles) =>
        Page(context, "Sections", ListBody(context, configuration, articles, null));

    public static async Task<IResult> Add(HttpContext context, LiveConfiguration configuration, ArticleStore articles)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var slug = form["slug"].ToString().Trim();
        try
        {
            SectionsFile.Add(configuration.Current.FilePath,
                new SectionOptions { Slug = slug, Name = form["name"].ToString().Trim(), Description = form["description"].ToString().Trim() });
        }
        catch (ConfigurationException e)
        {
            return Page(context, "Sections", ListBody(context, configuration, articles, Notice(e.Message, bad: true)), StatusCodes.Status400BadRequest);
        }
        configuration.Reload();
        return TypedResults.Redirect($"/console/sections/{Uri.EscapeDataString(slug)}");
    }

    public static IResult Edit(HttpContext context, string slug, LiveConfiguration configuration) =>
        configuration.Current.Catalog.Sections.FirstOrDefault(s => s.Slug == slug) is { } section
            ? Page(context, section.Name, Editor(context, section, section.Include ?? new(), section.Exclude ?? new(), null))
            : NoSuchSection(context, slug);

    /// <summary>POST: "preview" shows what the rules in the form would do; "save" writes them to the config file.</summary>
    public static async Task<IResult> Change(HttpContext context, string slug, LiveConfiguration configuration, ArticleStore articles)
    {
        if (configuration.Current.Catalog.Sections.FirstOrDefault(s => s.Slug == slug) is not { } section) return NoSuchSection(context, slug);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (include, exclude) = (Rules(form, "include"), Rules(form, "exclude"));
        if ((BadPattern(include) ?? BadPattern(exclude)) is { } bad)
            return Page(context, section.Name, Editor(context, section, include, exclude, Notice(bad, bad: true)), StatusCodes.Status400BadRequest);
        if (form["do"] == "save")
        {
            try
            {
                SectionsFile.SetRules(configuration.Current.FilePath, slug, include, exclude);
            }
            catch (ConfigurationException e)
            {
                return Page(context, section.Name, Editor(context, section, include, exclude, Notice(e.Message, bad: true)), StatusCodes.Status400BadRequest);
            }
            configuration.Reload(); // the server re-applies the rules to the stored articles
            return Page(context, section.Name, Editor(context, section, include, exclude, Notice("Saved; the stored articles are being put through the new rules.")));
        }
        var stored = articles.Find(new ArticleQuery { Limit = PreviewArticles }).Select(a => articles.FindById(a.Id)).OfType<Article>().ToList();
        var edited = new SectionOptions { Slug = section.Slug, Name = section.Name, Include = include, Exclude = exclude };
        var preview = Resectioner.Preview(configuration.Current, edited, stored);
        return Page(context, section.Name, Editor(context, section, include, exclude, null) + Render(preview, slug, stored.Count));
    }

    private static string ListBody(HttpContext context, LiveConfiguration configuration, ArticleStore articles, string? notice)
    {
        var counts = articles.CountBySection();
        var html = new StringBuilder(notice ?? "").Append("<div class=\"scroll\"><table id=\"sections\"><thead><tr><th scope=\"col\">Section</th>")
            .Append("<th scope=\"col\">Articles</th><th scope=\"col\">Rules</th><th scope=\"col\">Feeds</th></tr></thead><tbody>");
        foreach (var section in configuration.Current.Catalog.Sections)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/console/sections/{H(section.Slug)}\">{H(section.Name)}</a><br><span class=\"muted\">{H(section.Slug)}</span></td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{counts.GetValueOrDefault(section.Slug)}</td><td>{RuleCount(section.Include)} include, {RuleCount(section.Exclude)} exclude</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><a href=\"{H(FeedUrls.Path(section.Slug, FeedFormat.Atom))}\">Atom</a> · <a href=\"{H(FeedUrls.Path(section.Slug, FeedFormat.Rss))}\">RSS</a> · ")
                .Append(CultureInfo.InvariantCulture, $"<a href=\"{H(FeedUrls.Path(section.Slug, FeedFormat.Json))}\">JSON Feed</a></td></tr>");
        html.Append("</tbody></table></div><h2>Add a section</h2>").Append(Form(context, "/console/sections",
            "<label for=\"slug\">Slug <span>(lower-case letters, digits, dashes: the feed's URL name)</span></label><input type=\"text\" id=\"slug\" name=\"slug\" required>"
            + "<label for=\"name\">Name</label><input type=\"text\" id=\"name\" name=\"name\" required>"
            + "<label for=\"description\">Description</label><input type=\"text\" id=\"description\" name=\"description\">"
            + "<div><button class=\"primary\" id=\"add-section\">Add the section</button></div>", "stack"));
        return html.ToString();
    }

    private static string Editor(HttpContext context, SectionOptions section, SectionRuleOptions include, SectionRuleOptions exclude, string? notice)
    {
        var fields = new StringBuilder("<p class=\"hint\">One value a line. An article is in the section when its source lists the section or an Include rule matches, "
            + "unless an Exclude rule matches. Preview runs the rules in this form over the newest stored articles; nothing is saved until Save.</p><div class=\"columns\">");
        foreach (var (side, rules) in new[] { ("include", include), ("exclude", exclude) })
        {
            fields.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{(side == "include" ? "Include" : "Exclude")}</legend>");
            foreach (var (name, values) in SectionsFile.Lists(rules))
                fields.Append(CultureInfo.InvariantCulture, $"<label for=\"{side}-{name}\">{name}</label><textarea id=\"{side}-{name}\" name=\"{side}-{name}\" rows=\"2\">{H(string.Join("\n", values))}</textarea>");
            fields.Append("</fieldset>");
        }
        fields.Append("</div><div class=\"actions\"><button name=\"do\" value=\"preview\" id=\"preview-rules\">Preview</button>")
            .Append("<button name=\"do\" value=\"save\" class=\"primary\" id=\"save-rules\">Save</button></div>");
        var atom = FeedUrls.Path(section.Slug, FeedFormat.Atom);
        return (notice ?? "") + $"<p>Feeds: <a href=\"{H(atom)}\">{H(atom)}</a></p>"
            + Form(context, $"/console/sections/{Uri.EscapeDataString(section.Slug)}", fields.ToString(), "stack-wide");
    }

    private static string Render(SectionPreview preview, string slug, int stored)
    {
        var html = new StringBuilder($"<section id=\"rule-preview\" aria-labelledby=\"rule-preview-title\"><h2 id=\"rule-preview-title\">Preview over the {stored} newest stored articles</h2><div class=\"columns\">")
            .Append(CultureInfo.InvariantCulture, $"<div><h3>Taken in ({preview.TakenIn.Count})</h3><ul id=\"taken-in\">");
        foreach (var (article, rule) in preview.TakenIn.Take(ListedPerSide))
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/console/articles/{H(article.Id)}\">{H(article.Title)}</a> <span class=\"muted\">by {H(rule)}</span>{(article.Sections.Any(s => s.Slug == slug) ? "" : " <strong>(joins)</strong>")}</li>");
        html.Append(CultureInfo.InvariantCulture, $"</ul></div><div><h3>Left out ({preview.LeftOut.Count})</h3><ul id=\"left-out\">");
        foreach (var article in preview.LeftOut.Take(ListedPerSide))
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/console/articles/{H(article.Id)}\">{H(article.Title)}</a>{(article.Sections.Any(s => s.Slug == slug) ? " <strong>(leaves)</strong>" : "")}</li>");
        return html.Append("</ul></div></div></section>").ToString();
    }

    private static SectionRuleOptions Rules(IFormCollection form, string side)
    {
        List<string> Read(string name) => form[$"{side}-{name}"].SelectMany(v => (v ?? "").Split('\n'))
            .Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().ToList();
        return new SectionRuleOptions
        {
            Sources = Read("Sources"), PageSections = Read("PageSections"), Categories = Read("Categories"),
            UrlPrefixes = Read("UrlPrefixes"), Keywords = Read("Keywords"), Patterns = Read("Patterns"),
        };
    }

    private static string? BadPattern(SectionRuleOptions rules)
    {
        foreach (var pattern in rules.Patterns)
        {
            try
            {
                _ = new Regex(pattern);
            }
            catch (ArgumentException e)
            {
                return $"Patterns: '{pattern}' is not a .NET regular expression: {e.Message}";
            }
        }
        return null;
    }

    private static int RuleCount(SectionRuleOptions? rules) => rules is null ? 0 : SectionsFile.Lists(rules).Sum(l => l.Values.Count);

    private static IResult NoSuchSection(HttpContext context, string slug) =>
        Page(context, "No such section", Notice($"No section has the slug '{slug}'.", bad: true), StatusCodes.Status404NotFound);
}
