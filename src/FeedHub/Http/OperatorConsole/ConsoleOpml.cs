using System.Globalization;
using System.Text;
using System.Xml;
using FeedHub.Core.Configuration;
using static FeedHub.Http.OperatorConsole.ConsoleHtml;

namespace FeedHub.Http.OperatorConsole;

/// <summary>
/// OPML from the console: the export `feedhub sources export` writes, and the import of `feedhub sources import` (the
/// same plan, <see cref="OpmlImport.Plan"/>, and the same safe edit), with its report of every outline.
/// </summary>
internal static class ConsoleOpml
{
    public static IResult Show(HttpContext context, LiveConfiguration configuration) => Page(context, "OPML", Body(context, configuration, null));

    public static IResult Export(LiveConfiguration configuration, TimeProvider time, HttpContext context)
    {
        context.Response.Headers.ContentDisposition = "attachment; filename=\"feedhub-sources.opml\"";
        return TypedResults.Text(Opml.Export(configuration.Current, time.GetUtcNow()), "text/x-opml; charset=utf-8");
    }

    public static async Task<IResult> Import(HttpContext context, LiveConfiguration configuration)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var text = form.Files.GetFile("file") is { Length: > 0 } file
            ? await new StreamReader(file.OpenReadStream()).ReadToEndAsync(context.RequestAborted)
            : form["opml"].ToString();
        var fallback = form["section"].ToString() is { Length: > 0 } slug ? slug : null;
        IReadOnlyList<Opml.Outline> outlines;
        try
        {
            outlines = Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        }
        catch (XmlException e)
        {
            return Page(context, "OPML", Body(context, configuration, Notice($"Not an OPML document we can read: {e.Message}", bad: true)), StatusCodes.Status400BadRequest);
        }
        if (fallback is not null && configuration.Current.Catalog.Sections.All(s => s.Slug != fallback))
            return Page(context, "OPML", Body(context, configuration, Notice($"'{fallback}' is not a configured section.", bad: true)), StatusCodes.Status400BadRequest);
        var results = OpmlImport.Plan(configuration.Current, outlines, fallback);
        var added = results.Where(r => r.Source is not null).Select(r => r.Source!).ToList();
        try
        {
            SourcesFile.Add(configuration.Current.FilePath, added);
        }
        catch (ConfigurationException e)
        {
            return Page(context, "OPML", Body(context, configuration, Notice(e.Message, bad: true)), StatusCodes.Status400BadRequest);
        }
        configuration.Reload();
        var report = new StringBuilder(Notice($"Imported {added.Count} of {results.Count} outlines; skipped {results.Count - added.Count}."))
            .Append("<div class=\"scroll\"><table id=\"import-report\"><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Outline</th><th scope=\"col\">Result</th></tr></thead><tbody>");
        foreach (var (outline, source, skipped) in results)
            report.Append(CultureInfo.InvariantCulture, $"<tr><td>{outline.Line}</td><td>{H(outline.Title)}<br><span class=\"muted\">{H(outline.Url)}</span></td><td>")
                .Append(source is null ? $"<span class=\"bad\">skipped: {H(skipped)}</span>"
                    : $"imported as <a href=\"/console/sources/{Uri.EscapeDataString(source.Id)}\">{H(source.Id)}</a> in {H(source.Sections.Count == 0 ? "no section" : string.Join(", ", source.Sections))}")
                .Append("</td></tr>");
        report.Append("</tbody></table></div>");
        return Page(context, "OPML", report + Body(context, configuration, null));
    }

    private static string Body(HttpContext context, LiveConfiguration configuration, string? notice) =>
        (notice ?? "") + "<h2>Export</h2><p><a href=\"/console/opml/export\" id=\"export\">Download the sources as OPML</a> (what <code>feedhub sources export</code> writes).</p>"
        + "<h2>Import</h2>" + Form(context, "/console/opml/import",
            "<label for=\"file\">An OPML file</label><input type=\"file\" id=\"file\" name=\"file\" accept=\".opml,.xml,text/x-opml,text/xml\">"
            + "<label for=\"opml\">or its text</label><textarea id=\"opml\" name=\"opml\"></textarea>"
            + "<label for=\"section\">Section for feeds whose categories name none</label><select id=\"section\" name=\"section\"><option value=\"\">none (skip them)</option>"
            + string.Concat(configuration.Current.Catalog.Sections.Select(s => $"<option value=\"{H(s.Slug)}\">{H(s.Name)}</option>"))
            + "</select><div><button class=\"primary\" id=\"import\">Import</button></div>", "stack").Replace("<form method=\"post\"", "<form method=\"post\" enctype=\"multipart/form-data\"");
}
