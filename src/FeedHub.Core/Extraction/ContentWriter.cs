using System.Net;
using System.Text;
using AngleSharp.Dom;
using FeedHub.Core.Model;
using static FeedHub.Core.Extraction.TextMeasure;

namespace FeedHub.Core.Extraction;

/// <summary>
/// Writes the article's element out as clean blocks: paragraphs, headings, lists, quotes, code,
/// tables and figures, each kept only if it reads as article text. Chrome inside the container
/// (share bars, bylines, related links, ad labels) is left out. Loose text ("div soup") becomes
/// paragraphs at block boundaries and double line breaks. Produces the body HTML (to be
/// sanitized), its plain text (one blank line between blocks; captions left out) and its headings.
/// </summary>
internal sealed class ContentWriter
{
    private readonly StringBuilder html = new();
    private readonly StringBuilder text = new();
    private readonly List<Heading> headings = [];
    private readonly StringBuilder looseHtml = new();
    private readonly StringBuilder looseText = new();
    private readonly string? title;
    private int looseLinks;
    private bool lastWasBreak;
    private readonly List<HeadingBlock> headingBlocks = [];

    /// <summary>
    /// Where a heading's block was written, so it can be taken back once what follows it is known:
    /// a heading that links elsewhere with only a short text under it is another story's teaser
    /// (one with a whole section under it is the title of a ranked list's entry), and a heading
    /// with nothing at all after it is the title of a widget whose content was left out
    /// ("Post a comment", "More headlines").
    /// </summary>
    private readonly record struct HeadingBlock(bool LinksElsewhere, int HtmlStart, int HtmlEnd, int TextStart, int TextEnd);

    /// <summary>Under a heading that links elsewhere, a teaser's summary is shorter than this (as in <see cref="MainContentFinder"/>).</summary>
    private const int MaxTeaserLength = 400;

    /// <summary>Visible characters in the container: what a chrome-named wrapper's share is measured against.</summary>
    private readonly int mainText;

    private ContentWriter(string? title, int mainText)
    {
        this.title = title is null ? null : Comparable(title);
        this.mainText = mainText;
    }

    public static (string Html, string Text, IReadOnlyList<Heading> Headings) Write(IElement main, string? title) => Write([main], title);

    /// <summary>The article's parts (one container, or sibling sections of one kind), in order.</summary>
    public static (string Html, string Text, IReadOnlyList<Heading> Headings) Write(IReadOnlyList<IElement> parts, string? title)
    {
        var writer = new ContentWriter(title, parts.Sum(p => CountText(p, insideLink: false).Text));
        foreach (var part in parts)
        {
            writer.WriteChildren(part);
            writer.Flush();
        }
        writer.SettleLinkedHeading();
        writer.DropTrailingHeadings();
        return (writer.html.ToString(), writer.text.ToString(), writer.headings);
    }

    private void WriteChildren(IElement element)
    {
        for (var node = element.FirstChild; node is not null; node = node.NextSibling)
        {
            if (node is IElement child)
            {
                if (IsInline(child)) AppendLoose(child);
                else
                {
                    Flush();
                    WriteBlock(child);
                }
            }
            else if (node.NodeType == NodeType.Text)
            {
                AppendLooseText(node.TextContent);
            }
        }
    }

    private void WriteBlock(IElement element)
    {
        if (IsChrome(element) || IsLinkCluster(element)) return;
        switch (element.LocalName)
        {
            case "p": WriteParagraph(element); break;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6": WriteHeading(element); break;
            case "ul" or "ol": WriteList(element); break;
            case "blockquote": WriteQuote(element); break;
            case "pre": WritePre(element); break;
            case "table": WriteTable(element); break;
            case "figure": WriteFigure(element); break;
            case "iframe": html.Append("<figure>").Append(element.OuterHtml).Append("</figure>\n"); break; // only allowed embeds get here
            case "header": // the title, byline and date live there, metadata; a lead written last there is the article's opening
                if (MainContentFinder.LeadOf(element) is { } lead) WriteParagraph(lead);
                break;
            case "hr" or "address": break;
            default:
                WriteChildren(element);
                Flush();
                break;
        }
    }

    private void WriteParagraph(IElement paragraph)
    {
        var content = Normalize(paragraph.TextContent);
        if (content.Length == 0)
        {
            if (paragraph.QuerySelector("img") is { } image) WriteImage(image, null);
            return;
        }
        if (!IsProse(content, LinkShare(paragraph)) || IsTitle(content)) return;
        AppendBlock($"<p>{paragraph.InnerHtml}</p>", content);
    }

    private void WriteHeading(IElement heading)
    {
        SettleLinkedHeading();
        var content = Normalize(heading.TextContent);
        if (content.Length == 0 || IsTitle(content) || Boilerplate.IsStockPhrase(content) || Boilerplate.IsCreditLine(content)) return;
        // A permalink anchor (<a href="#section">) is the heading itself; a link elsewhere may be a teaser's headline.
        var linksElsewhere = heading.QuerySelector("a") is { } link && LinkText(heading) * 2 > content.Length
            && link.GetAttribute("href")?.StartsWith('#') != true;
        var level = heading.LocalName[1] - '0';
        var (htmlStart, textStart) = (html.Length, text.Length);
        headings.Add(new Heading(level, content));
        AppendBlock($"<h{level}>{WebUtility.HtmlEncode(content)}</h{level}>", content);
        headingBlocks.Add(new HeadingBlock(linksElsewhere, htmlStart, html.Length, textStart, text.Length));
    }

    /// <summary>Takes back the last heading if it links elsewhere and only a teaser's text follows it (called at the next heading and at the end).</summary>
    private void SettleLinkedHeading()
    {
        if (headingBlocks.Count > 0 && headingBlocks[^1] is { LinksElsewhere: true } last && text.Length - last.TextEnd < MaxTeaserLength)
            RemoveLastHeading();
    }

    private void DropTrailingHeadings()
    {
        while (headingBlocks.Count > 0 && headingBlocks[^1].HtmlEnd == html.Length) RemoveLastHeading();
    }

    /// <summary>Only the last heading is ever taken back, so the positions of the blocks before it still hold.</summary>
    private void RemoveLastHeading()
    {
        var block = headingBlocks[^1];
        headingBlocks.RemoveAt(headingBlocks.Count - 1);
        headings.RemoveAt(headings.Count - 1);
        html.Remove(block.HtmlStart, block.HtmlEnd - block.HtmlStart);
        text.Remove(block.TextStart, block.TextEnd - block.TextStart);
        if (block.TextStart == 0 && text.Length >= 2 && text[0] == '\n') text.Remove(0, 2); // it was the first block
    }

    private void WriteList(IElement list)
    {
        var items = list.Children.Where(c => c.LocalName == "li").ToList();
        if (items.Count == 0) return;
        html.Append('<').Append(list.LocalName).Append('>');
        foreach (var item in items)
        {
            var content = Normalize(item.TextContent);
            if (content.Length == 0) continue;
            html.Append("<li>").Append(item.InnerHtml).Append("</li>");
            AppendText(content);
        }
        html.Append("</").Append(list.LocalName).Append('>');
    }

    private void WriteQuote(IElement quote)
    {
        html.Append("<blockquote>");
        WriteChildren(quote);
        Flush();
        html.Append("</blockquote>");
    }

    private void WritePre(IElement pre)
    {
        var content = pre.TextContent.Trim('\n', '\r');
        if (content.Trim().Length == 0) return;
        AppendBlock($"<pre>{WebUtility.HtmlEncode(content)}</pre>", content.Trim());
    }

    /// <summary>A data table is kept as a table; a layout table (one column, or tables inside) is read through.</summary>
    private void WriteTable(IElement table)
    {
        var rows = table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table).ToList();
        var isLayout = table.QuerySelector("table") is not null || rows.All(r => r.Children.Count(c => c.LocalName is "td" or "th") <= 1);
        if (isLayout)
        {
            foreach (var cell in rows.SelectMany(r => r.Children))
            {
                WriteChildren(cell);
                Flush();
            }
            return;
        }
        html.Append("<table>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
            foreach (var cell in cells)
                html.Append('<').Append(cell.LocalName).Append('>').Append(WebUtility.HtmlEncode(Normalize(cell.TextContent)))
                    .Append("</").Append(cell.LocalName).Append('>');
            html.Append("</tr>");
            AppendText(string.Join(" ", cells.Select(c => Normalize(c.TextContent)).Where(c => c.Length > 0)));
        }
        html.Append("</table>");
    }

    private void WriteFigure(IElement figure)
    {
        var image = figure.QuerySelector("img");
        var caption = figure.QuerySelector("figcaption") is { } figcaption ? Normalize(figcaption.TextContent) : null;
        if (image is not null) WriteImage(image, caption);
        else if (figure.QuerySelector("iframe") is { } embed) html.Append("<figure>").Append(embed.OuterHtml).Append("</figure>\n");
        else if (figure.QuerySelector("blockquote, p") is not null) WriteChildren(figure); // embeds and pull quotes
    }

    /// <summary>Images go into the HTML only; captions are not article prose, so they stay out of the text.</summary>
    private void WriteImage(IElement image, string? caption)
    {
        var source = image.GetAttribute("src");
        if (string.IsNullOrEmpty(source) || image.GetAttribute("width") is "1" || image.GetAttribute("height") is "1") return;
        html.Append("<figure><img src=\"").Append(WebUtility.HtmlEncode(source)).Append("\" alt=\"")
            .Append(WebUtility.HtmlEncode(image.GetAttribute("alt") ?? "")).Append("\">");
        if (!string.IsNullOrEmpty(caption)) html.Append("<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption>");
        html.Append("</figure>");
    }

    private void AppendLoose(IElement inline)
    {
        if (inline.LocalName == "br")
        {
            if (lastWasBreak) Flush(); // two line breaks end a paragraph of loose text
            else looseHtml.Append("<br>");
            lastWasBreak = true;
            return;
        }
        if (IsChrome(inline)) return;
        if (inline.LocalName != "a" && HoldsLineBreaks(inline))
        {
            // Old markup wraps a whole story in one font or span with its paragraphs as runs between line
            // breaks: the runs inside are read one by one, as if they stood in the container.
            for (var node = inline.FirstChild; node is not null; node = node.NextSibling)
                if (node is IElement child) AppendLoose(child);
                else if (node.NodeType == NodeType.Text) AppendLooseText(node.TextContent);
            return;
        }
        lastWasBreak = false;
        looseHtml.Append(inline.OuterHtml);
        var content = inline.TextContent;
        looseText.Append(content);
        if (inline.LocalName == "a") looseLinks += CountVisible(content);
        else if (inline.FirstElementChild is not null) looseLinks += LinkText(inline);
    }

    private static bool HoldsLineBreaks(IElement inline)
    {
        for (var child = inline.FirstElementChild; child is not null; child = child.NextElementSibling)
            if (child.LocalName == "br" || HoldsLineBreaks(child)) return true;
        return false;
    }

    private void AppendLooseText(string content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            if (looseHtml.Length > 0) looseHtml.Append(' ');
            return;
        }
        lastWasBreak = false;
        looseHtml.Append(WebUtility.HtmlEncode(content));
        looseText.Append(content);
    }

    /// <summary>Ends a run of loose text: it becomes a paragraph if it reads as prose.</summary>
    private void Flush()
    {
        lastWasBreak = false;
        if (looseHtml.Length == 0) return;
        var content = Normalize(looseText.ToString());
        var visible = CountVisible(content);
        if (content.Length > 0 && !IsTitle(content) && IsProse(content, visible == 0 ? 0 : (double)looseLinks / visible))
            AppendBlock($"<p>{looseHtml.ToString().Trim()}</p>", content);
        looseHtml.Clear();
        looseText.Clear();
        looseLinks = 0;
    }

    private void AppendBlock(string blockHtml, string blockText)
    {
        html.Append(blockHtml).Append('\n');
        AppendText(blockText);
    }

    private void AppendText(string blockText)
    {
        if (blockText.Length == 0) return;
        if (text.Length > 0) text.Append("\n\n");
        text.Append(blockText);
    }

    /// <summary>
    /// Chrome by its name, unless the element holds a large share of the container's text with few
    /// links: some pages wrap the whole post in an element named "post-meta" or "byline-author" (a
    /// byline or date line is never that long), or give the body's wrapper the id of a share
    /// script's anchor ("...-share-btns-..."); a share bar never holds half of the article.
    /// </summary>
    private bool IsChrome(IElement element)
    {
        if (!Boilerplate.IsChrome(element) || Boilerplate.IsEmbeddedQuote(element)) return false;
        if (Boilerplate.IsNamedForSlides(element) && element.QuerySelectorAll("h2, h3, h4").Length >= MinSlideHeadings) return true;
        var (inner, links) = Count(element);
        var share = Boilerplate.IsNamedForMetadata(element) ? WrapperShare : ChromeWrapperShare;
        return inner < MinWrapperText || links * 2 > inner || inner * share < mainText;
    }

    /// <summary>
    /// A slideshow whose slides carry headlines is a run of other stories (a "1/50" gallery of the week's news) beside
    /// the article, whatever share of the text it holds; one of captioned photos may be the article itself.
    /// </summary>
    private const int MinSlideHeadings = 3;

    /// <summary>A chrome-named element this long, holding at least 1/<see cref="WrapperShare"/> of the container's text, is the body's wrapper.</summary>
    private const int MinWrapperText = 500;

    private const int WrapperShare = 5;

    /// <summary>Any other chrome name must hold at least half of the container's text to be read as the body's wrapper.</summary>
    private const int ChromeWrapperShare = 2;

    /// <summary>Text worth keeping: not a stock phrase, and not mostly a link (a teaser to another story).</summary>
    private static bool IsProse(string content, double linkDensity) =>
        !Boilerplate.IsStockPhrase(content) && !(linkDensity > 0.8 && content.Length < 200);

    /// <summary>A container that is mostly links: a list of other stories, tags, or a menu.</summary>
    private bool IsLinkCluster(IElement element) =>
        element.LocalName is "div" or "section" or "ul" or "ol" or "table" or "span" && LinkShare(element) > 0.5
        && !IsCommentedLinkList(element);

    /// <summary>
    /// Each element's visible characters and link characters (as <see cref="TextMeasure.CountText"/> with insideLink false),
    /// counted once: the chrome, link-cluster and paragraph checks ask this of every nested wrapper on the way down,
    /// which walked each subtree again at every level. The page is not changed while it is written.
    /// </summary>
    private readonly Dictionary<IElement, (int Text, int Links)> counts = new(ReferenceEqualityComparer.Instance);

    private (int Text, int Links) Count(IElement element)
    {
        if (counts.TryGetValue(element, out var known)) return known;
        int text = 0, links = 0;
        for (var node = element.FirstChild; node is not null; node = node.NextSibling)
        {
            if (node is IElement child)
            {
                var (t, l) = Count(child);
                text += t;
                links += child.LocalName == "a" ? t : l;
            }
            else if (node.NodeType == NodeType.Text)
            {
                text += CountVisible(node.TextContent);
            }
        }
        return counts[element] = (text, links);
    }

    private double LinkShare(IElement element)
    {
        var (text, links) = Count(element);
        return text == 0 ? 0 : (double)links / text;
    }

    /// <summary>
    /// A list whose items mostly carry a sentence of their own beside the link ("<a>Title</a> – Who else is going
    /// through this?") is a commented round-up, the post itself, however much of its text the link titles are; a list
    /// of other stories, tags or a menu has at most a date or a count beside each link.
    /// </summary>
    private bool IsCommentedLinkList(IElement list)
    {
        if (list.LocalName is not ("ul" or "ol")) return false;
        var items = list.Children.Where(c => c.LocalName == "li" && Normalize(c.TextContent).Length > 0).ToList();
        return items.Count >= MinCommentedItems && items.Count(CarriesOwnSentence) * 2 >= items.Count;
    }

    private bool CarriesOwnSentence(IElement item)
    {
        var (inner, links) = Count(item);
        if (links == 0 || inner - links < MinItemComment) return false;
        var content = Normalize(item.TextContent).TrimEnd('"', '\'', '\u201d', '\u2019', ')');
        return content.Length > 0 && content[^1] is '.' or '!' or '?';
    }

    /// <summary>A commented round-up has at least this many entries.</summary>
    private const int MinCommentedItems = 3;

    /// <summary>Visible characters outside the link that make an item's comment a sentence, not a date or a count.</summary>
    private const int MinItemComment = 25;

    private static string Comparable(string value) => Normalize(value).ToLowerInvariant();

    /// <summary>Whether a block repeats the title (compared only when the lengths are close, which is rare).</summary>
    private bool IsTitle(string content) =>
        title is not null && Math.Abs(content.Length - title.Length) <= 2 && Comparable(content) == title;
}
