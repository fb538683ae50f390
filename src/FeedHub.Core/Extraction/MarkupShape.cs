namespace FeedHub.Core.Extraction;

/// <summary>
/// A cheap look at a page's markup before it is parsed: how deep its elements nest, how many stand side by side,
/// how many attributes one element carries. Past these limits the work is not linear: AngleSharp flattens
/// elements beyond its maximum depth at a cost that grows with the square of their number (50,000 nested divs,
/// 550 KB, took 7-25 s to parse), and its NextElementSibling and attribute removal scan the parent's list each
/// time, so the walks over 50,000 siblings took 3 s each and the sanitizer over 50,000 attributes 2 s.
/// One linear pass over the text keeps such a page from ever reaching the parser.
/// </summary>
/// <remarks>
/// The count follows the tree builder only roughly (tags with optional end tags close their own kind, an end
/// tag closes what it matches, void elements and foreign self-closed elements open nothing): the limits sit
/// far above real pages, and the time budget catches what the count misses.
/// </remarks>
internal static class MarkupShape
{
    /// <summary>Real pages nest 20-100 levels; the parser flattens from 512 on.</summary>
    public const int MaxDepth = 256;

    /// <summary>A long list or table body has a few thousand rows.</summary>
    public const int MaxSiblings = 10_000;

    public const int MaxAttributes = 1_000;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
    };

    /// <summary>Their text is not markup: it is skipped to the end tag.</summary>
    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext",
    };

    /// <summary>
    /// Tags whose end tag may be left out: a new one closes the open one of its kind (a row closes the cell and row
    /// before it), unless a container of its kind was opened since (a list in a list item nests).
    /// </summary>
    private static readonly Dictionary<string, (string Kind, string[] Containers)> ClosesOwnKind = new(StringComparer.OrdinalIgnoreCase)
    {
        ["p"] = ("p", ["div", "section", "article", "main", "blockquote", "li", "td", "th", "dd", "table", "button", "form", "body"]),
        ["li"] = ("li", ["ul", "ol", "menu"]),
        ["dt"] = ("d", ["dl"]), ["dd"] = ("d", ["dl"]),
        ["option"] = ("option", ["select", "datalist"]),
        ["tr"] = ("tr", ["table"]), ["td"] = ("t", ["table", "tr"]), ["th"] = ("t", ["table", "tr"]),
        ["rb"] = ("r", ["ruby"]), ["rt"] = ("r", ["ruby"]), ["rp"] = ("r", ["ruby"]),
    };

    /// <summary>Block elements whose start closes an open paragraph (the tree builder's "close a p element").</summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "main", "menu", "nav", "ol", "pre", "section", "table", "ul",
    };

    /// <summary>
    /// The names of the tags pages are made of, so that reading one takes no new string: a string per tag was a tenth of
    /// the ingest's garbage besides extraction (issue 18). Any other name is read into a string of its own.
    /// </summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonNames = new HashSet<string>(
        Void.Concat(RawText).Concat(ClosesOwnKind.Keys).Concat(ClosesParagraph).Concat(
        [
            "html", "head", "body", "span", "a", "b", "i", "u", "s", "q", "em", "strong", "small", "sup", "sub", "abbr", "cite",
            "code", "time", "mark", "del", "ins", "label", "button", "select", "figcaption", "picture", "video", "audio",
            "noscript", "template", "svg", "path", "g", "use", "defs", "symbol", "circle", "rect", "polygon", "line", "font",
            "center", "tbody", "thead", "tfoot", "caption", "colgroup", "iframe", "menu", "ruby", "datalist", "dialog",
        ]), StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>What the scan needs to know of a tag name, looked up once per tag (issue 18: four or five
    /// case-insensitive lookups a tag were most of the pre-scan).</summary>
    /// <param name="Own">The kind it closes and the containers that stop it, for <see cref="ClosesOwnKind"/> names.</param>
    /// <param name="ContainerBit">Its bit when it is one of the containers in <see cref="ClosesOwnKind"/>, else 0.</param>
    /// <param name="ContainersMask">The bits of <paramref name="Own"/>'s containers.</param>
    private sealed record TagInfo(string Name, bool IsVoid, bool IsRawText, bool ClosesParagraph, bool IsForeign, bool IsRow,
        (string Kind, string[] Containers)? Own, int ContainerBit, int ContainersMask)
    {
        /// <summary>Where a raw-text element's text ends.</summary>
        public string EndTag { get; } = "</" + Name;
    }

    private static readonly Dictionary<string, TagInfo>.AlternateLookup<ReadOnlySpan<char>> Tags = BuildTags();

    private static readonly TagInfo Paragraph = Tags[(ReadOnlySpan<char>)"p"];

    private static Dictionary<string, TagInfo>.AlternateLookup<ReadOnlySpan<char>> BuildTags()
    {
        var containers = ClosesOwnKind.Values.SelectMany(v => v.Containers).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select((name, index) => (name, bit: 1 << index)).ToDictionary(c => c.name, c => c.bit, StringComparer.OrdinalIgnoreCase);
        var tags = new Dictionary<string, TagInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in CommonNames.Set)
        {
            var own = ClosesOwnKind.TryGetValue(name, out var kind) ? kind : ((string Kind, string[] Containers)?)null;
            tags[name] = new TagInfo(name, Void.Contains(name), RawText.Contains(name), ClosesParagraph.Contains(name),
                name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase),
                name.Equals("tr", StringComparison.OrdinalIgnoreCase), own, containers.GetValueOrDefault(name),
                own is { } o ? o.Containers.Aggregate(0, (mask, c) => mask | containers[c]) : 0);
        }
        return tags.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// What is too much about the markup ("nested deeper than 256 levels"), or null when nothing is. It reads a span, so
    /// that a page decoded into a pooled buffer is checked without a string of the whole page.
    /// </summary>
    public static string? FindExcess(ReadOnlySpan<char> html)
    {
        var open = new List<(string Name, int Children, TagInfo? Info)> { ("#document", 0, null) };
        var foreign = 0; // inside svg or math, "/>" closes an element
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = i + 1 < html.Length ? IndexOf(html, '<', i + 1) : -1)
        {
            var next = html[i + 1];
            if (next == '!' || next == '?')
            {
                i = SkipPast(html, i, html[i..].StartsWith("<!--") ? "-->" : ">");
                continue;
            }
            var closing = next == '/';
            var nameStart = closing ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd])) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart])) continue; // a '<' in text
            var info = Tags.TryGetValue(html[nameStart..nameEnd], out var known) ? known : null;
            var name = info?.Name ?? html[nameStart..nameEnd].ToString();
            var (tagEnd, attributes, selfClosed) = ReadTag(html, nameEnd);
            if (attributes > MaxAttributes) return $"an element with more than {MaxAttributes} attributes";
            i = tagEnd;
            if (closing)
            {
                Close(open, name, ref foreign);
                continue;
            }
            if (info?.Own is not null) CloseOwnKind(open, info, info.IsRow);
            else if (info?.ClosesParagraph == true) CloseOwnKind(open, Paragraph, isRow: false);
            var parent = open[^1];
            open[^1] = parent with { Children = parent.Children + 1 };
            if (parent.Children + 1 > MaxSiblings) return $"more than {MaxSiblings} elements side by side";
            if (info?.IsRawText == true)
            {
                i = SkipPast(html, i, info.EndTag);
                continue;
            }
            if (info?.IsVoid == true || (selfClosed && foreign > 0)) continue;
            if (info?.IsForeign == true) foreign++;
            open.Add((name, 0, info));
            if (open.Count - 1 > MaxDepth) return $"nested deeper than {MaxDepth} levels";
        }
        return null;
    }

    /// <summary>
    /// The text of markup too costly to parse, without parsing it: tags dropped, entities decoded, whitespace collapsed.
    /// For a feed's own content, which is hostile input as much as a page is and has no page to fall back to.
    /// </summary>
    public static string TextOf(string html)
    {
        var text = new System.Text.StringBuilder(html.Length / 2);
        for (var i = 0; i < html.Length; i++)
        {
            if (html[i] == '<' && i + 1 < html.Length && (char.IsAsciiLetter(html[i + 1]) || html[i + 1] is '/' or '!' or '?'))
            {
                var end = html.IndexOf('>', i + 1);
                if (end < 0) break;
                i = end;
                text.Append(' ');
            }
            else text.Append(html[i]);
        }
        return string.Join(' ', System.Net.WebUtility.HtmlDecode(text.ToString()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>An end tag closes the nearest open element of its name and all opened inside it; one matching nothing is ignored.</summary>
    private static void Close(List<(string Name, int Children, TagInfo? Info)> open, string name, ref int foreign)
    {
        var at = open.Count - 1;
        while (at >= 0 && !open[at].Name.Equals(name, StringComparison.OrdinalIgnoreCase)) at--;
        if (at <= 0) return;
        for (var j = open.Count - 1; j >= at; j--)
            if (open[j].Info?.IsForeign == true) foreign--;
        open.RemoveRange(at, open.Count - at);
    }

    private static void CloseOwnKind(List<(string Name, int Children, TagInfo? Info)> open, TagInfo opening, bool isRow)
    {
        var kind = opening.Own!.Value.Kind;
        for (var at = open.Count - 1; at > Math.Max(0, open.Count - 16); at--) // near the top, so that a page of many can't make this quadratic
        {
            var info = open[at].Info;
            if (info is null) continue; // a name no rule knows: neither a container nor of a kind
            if ((info.ContainerBit & opening.ContainersMask) != 0) return;
            if ((info.Own is { } other && other.Kind == kind) || (isRow && info.Own?.Kind == "t"))
            {
                open.RemoveRange(at, open.Count - at);
                if (!isRow || info.IsRow) return;
            }
        }
    }

    /// <summary>
    /// From after the tag's name to its '>': the index of the '>', the attributes counted, and whether it ends in "/>".
    /// As in the tokenizer, a quote opens a value only right after '=' (a quote inside an unquoted value is text).
    /// </summary>
    private static (int End, int Attributes, bool SelfClosed) ReadTag(ReadOnlySpan<char> html, int from)
    {
        var attributes = 0;
        var betweenAttributes = true;
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '>') return (i, attributes, i > from && html[i - 1] == '/');
            if (char.IsWhiteSpace(c) || c == '/') betweenAttributes = true;
            else if (c == '=')
            {
                i = SkipValue(html, i + 1);
                betweenAttributes = false;
            }
            else if (betweenAttributes)
            {
                attributes++;
                betweenAttributes = false;
            }
        }
        return (html.Length, attributes, false);
    }

    /// <returns>The index of the value's last character (or of the space or '>' before which it is empty).</returns>
    private static int SkipValue(ReadOnlySpan<char> html, int at)
    {
        while (at < html.Length && char.IsWhiteSpace(html[at])) at++;
        if (at < html.Length && html[at] is '"' or '\'')
        {
            var close = IndexOf(html, html[at], at + 1);
            return close < 0 ? html.Length : close;
        }
        while (at < html.Length && !char.IsWhiteSpace(html[at]) && html[at] != '>') at++;
        return at - 1;
    }

    private static int SkipPast(ReadOnlySpan<char> html, int from, string end)
    {
        var at = html[(from + 1)..].IndexOf(end, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? html.Length : from + 1 + at + end.Length - 1;
    }

    private static int IndexOf(ReadOnlySpan<char> html, char value, int from)
    {
        var at = html[from..].IndexOf(value);
        return at < 0 ? -1 : from + at;
    }
}
