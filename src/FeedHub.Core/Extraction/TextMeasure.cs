using System.Text;
using AngleSharp.Dom;

namespace FeedHub.Core.Extraction;

/// <summary>
/// How much visible text an element holds and how much of it is link text, whether it is inline,
/// and whitespace normalised: the measures <see cref="ContentWriter"/> decides its blocks by.
/// </summary>
internal static class TextMeasure
{
    private static readonly HashSet<string> InlineTags = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins",
        "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    };

    /// <summary>The share of the element's visible characters that are inside links, in one walk.</summary>
    public static double LinkDensity(IElement element)
    {
        var (text, links) = CountText(element, insideLink: false);
        return text == 0 ? 0 : (double)links / text;
    }

    public static (int Text, int Links) CountText(INode node, bool insideLink)
    {
        int text = 0, links = 0;
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IElement element)
            {
                var (t, l) = CountText(element, insideLink || element.LocalName == "a");
                text += t;
                links += l;
            }
            else if (child.NodeType == NodeType.Text)
            {
                var count = CountVisible(child.TextContent);
                text += count;
                if (insideLink) links += count;
            }
        }
        return (text, links);
    }

    /// <summary>
    /// The visible characters of <paramref name="element"/> (as <see cref="CountText"/>) when those of its child
    /// <paramref name="inner"/> are known: only the rest is walked.
    /// </summary>
    public static int TextAround(IElement element, IElement inner, int innerText)
    {
        var text = innerText;
        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child == inner) continue;
            if (child is IElement other) text += CountText(other, insideLink: false).Text;
            else if (child.NodeType == NodeType.Text) text += CountVisible(child.TextContent);
        }
        return text;
    }

    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "div", "ul", "ol", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "section", "article", "pre",
    };

    public static bool IsInlineName(string name) => InlineTags.Contains(name);

    /// <summary>An inline element holding no block (sites do wrap whole paragraphs in a link or a span).</summary>
    public static bool IsInline(IElement element) => InlineTags.Contains(element.LocalName) && !ContainsBlock(element);

    private static bool ContainsBlock(IElement element)
    {
        for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
            if (BlockTags.Contains(child.LocalName) || ContainsBlock(child)) return true;
        return false;
    }

    public static int LinkText(IElement element) => CountText(element, element.LocalName == "a").Links;

    public static int CountVisible(string value) => MainContentFinder.CountVisible(value);

    /// <summary>Whitespace runs collapsed to one space, trimmed; one pass, and no copy when nothing changes.</summary>
    public static string Normalize(string value)
    {
        var clean = true;
        for (var i = 0; i < value.Length && clean; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c) && (c != ' ' || i == 0 || i == value.Length - 1 || value[i + 1] == ' ')) clean = false;
        }
        if (clean) return value;
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
