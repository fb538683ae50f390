using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using FeedHub.Core.Model;

namespace FeedHub.Core.Extraction;

/// <summary>
/// The fallback to JSON-LD's articleBody when the page itself yields too little: a paywalled page
/// shows a teaser and a script-rendered page an empty shell, while both often give search engines
/// the whole text in their schema.org article. The page's own blocks are preferred whenever they
/// hold a fair share of that text, because they keep the headings, lists and images.
/// </summary>
internal static class StructuredBody
{
    /// <summary>Below this, the written text is not an article (as <see cref="ExtractedArticle.IsConvincing"/>).</summary>
    private const int ConvincingLength = 200;

    /// <summary>The written text is a teaser when the structured text is this many times longer.</summary>
    private const int TeaserRatio = 3;

    private static readonly HtmlParser Parser = new();

    public static (string Html, string Text, IReadOnlyList<Heading> Headings) OrWritten(
        (string Html, string Text, IReadOnlyList<Heading> Headings) written, string? articleBody)
    {
        if (articleBody is null || articleBody.Length < ConvincingLength) return written;
        if (written.Text.Length >= ConvincingLength && written.Text.Length * TeaserRatio >= articleBody.Length) return written;
        return articleBody.Contains('<') ? FromMarkup(articleBody) : FromText(articleBody);
    }

    /// <summary>Plain text: each line (sites separate paragraphs with one or two line breaks) is a paragraph.</summary>
    private static (string, string, IReadOnlyList<Heading>) FromText(string articleBody)
    {
        var paragraphs = articleBody.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TextMeasure.Normalize).Where(p => p.Length > 0).ToList();
        var html = new StringBuilder();
        foreach (var paragraph in paragraphs) html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
        return (html.ToString(), string.Join("\n\n", paragraphs), []);
    }

    /// <summary>Some sites put the body's HTML in the property; it is written out like a page's container.</summary>
    private static (string, string, IReadOnlyList<Heading>) FromMarkup(string articleBody)
    {
        using var document = Parser.ParseDocument("<body>" + articleBody + "</body>");
        return ContentWriter.Write(document.Body!, null);
    }
}
