using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace FeedHub.Core.Extraction;

// What is written around the winner: the sections it was split from, and the fallbacks when it writes nothing.
internal static partial class MainContentFinder
{
    /// <summary>
    /// The winner and its siblings of the same kind that hold prose: an article split into sibling sections
    /// (interrupted by ads or newsletter boxes) is taken whole, in order. The sections may be the winner's own
    /// siblings or those of a wrapper around it that holds little else (a page that repeats
    /// section > div > div for each stretch of the text): up to <see cref="MaxWrapperLevels"/> levels up.
    /// </summary>
    public static IReadOnlyList<IElement> FindParts(IElement root)
    {
        var main = Find(root);
        var mainText = TextMeasure.CountText(main, insideLink: false).Text;
        var (element, inner, elementText) = (main, main, mainText); // a wrapper's text is its inner level's and what stands beside it
        for (var level = 0; level <= MaxWrapperLevels && element != root && element.ParentElement is { } parent; level++, inner = element, element = parent)
        {
            if (level > 0 && mainText < WrapperShare * (elementText = TextMeasure.TextAround(element, inner, elementText))) break;
            if (SameKindSiblings(element, parent) is { Count: > 1 } parts)
                return parts.Select(part => part == element ? main : part).ToList(); // the winner as scored, not its wrapper
        }
        return LeadBefore(main) is { } lead ? [lead, main] : [main];
    }

    /// <summary>
    /// The lead (standfirst) a page writes just before the body's container, outside it: one block of
    /// running text with no links and no markup but inline elements, ending a sentence, either the
    /// container's previous sibling or the last block of a header element there (the title, then the lead).
    /// Pages give it names like "summary", so it is found by its shape and place, not its name.
    /// </summary>
    private static IElement? LeadBefore(IElement main) => LeadOf(main.PreviousElementSibling);

    /// <summary>
    /// The element itself when it is shaped like a lead, or a header's last block when that is (the writer asks this of
    /// headers inside the container).
    /// </summary>
    public static IElement? LeadOf(IElement? element)
    {
        if (element is { LocalName: "header" }) element = element.LastElementChild;
        if (element is not { LocalName: "div" or "p" } lead) return null;
        for (var child = lead.FirstElementChild; child is not null; child = child.NextElementSibling)
            if (!TextMeasure.IsInlineName(child.LocalName) || child.LocalName == "a") return null;
        var text = TextMeasure.Normalize(lead.TextContent);
        return text.Length is >= MinLeadLength and <= MaxLeadLength && text[^1] is '.' or '!' or '?' && ReadsLikeProse(lead) ? lead : null;
    }

    private const int MinLeadLength = 80;

    private const int MaxLeadLength = 600;

    /// <summary>How many wrappers above the winner are searched for sibling sections.</summary>
    private const int MaxWrapperLevels = 4;

    /// <summary>A wrapper is the winner's own when the winner holds this share of its text.</summary>
    private const double WrapperShare = 0.8;

    /// <summary>
    /// The element and its siblings of one kind that are mostly prose. One kind: the same tag, and the same
    /// classes but for numbers ("story-body story-body-2" beside "story-body story-body-1") or the classes of one
    /// within the other's ("articleBodyText section" beside "articleBodyText version-2 section").
    /// </summary>
    private static List<IElement> SameKindSiblings(IElement element, IElement parent)
    {
        if (ClassesOf(element) is not { Count: > 0 } classes) return [element];
        var parts = new List<IElement>();
        for (var sibling = parent.FirstElementChild; sibling is not null; sibling = sibling.NextElementSibling)
            if (sibling == element || (sibling.LocalName == element.LocalName && sibling.HasAttribute("class")
                && IsSameKind(classes, ClassesOf(sibling)) && IsMostlyProse(sibling)))
                parts.Add(sibling);
        return parts;
    }

    private static HashSet<string> ClassesOf(IElement element) =>
        new(element.ClassList.Select(static c => string.Concat(c.Where(static ch => !char.IsAsciiDigit(ch)))), StringComparer.Ordinal);

    /// <summary>One class alone ("clearfix", "row") says nothing of what an element holds, so a subset needs two.</summary>
    private static bool IsSameKind(HashSet<string> classes, HashSet<string> other) =>
        classes.SetEquals(other) || (Math.Min(classes.Count, other.Count) >= 2 && (classes.IsSubsetOf(other) || other.IsSubsetOf(classes)));

    /// <summary>A section of the article: prose (not teasers, not links) is at least half its text.</summary>
    private static bool IsMostlyProse(IElement element)
    {
        var stats = Measure(element, new Best(element, double.MaxValue), insideLink: false);
        return stats.Prose >= MinProseLength * 2 && stats.Prose * 2 >= stats.Text;
    }

    /// <summary>
    /// When the winner yields no text at all (a photo post whose few lines are captions and credits, so that
    /// nothing scored above an empty ad slot): the element the page itself calls the article, by its tag
    /// (article), its microdata (itemprop="articleBody") or its class or id ("entry-content"); of several,
    /// the one with the most text that is not mostly links. Null when the page names none.
    /// </summary>
    public static IElement? FindNamedBody(IElement root)
    {
        IElement? found = null;
        var most = 0;
        foreach (var element in root.QuerySelectorAll("*"))
        {
            if (element.LocalName != "article" && element.GetAttribute("itemprop") != "articleBody" && !Boilerplate.IsNamedContent(element)) continue;
            var (text, links) = TextMeasure.CountText(element, insideLink: false);
            if (text > most && links * 2 < text) (found, most) = (element, text);
        }
        return found;
    }

    /// <summary>
    /// The last resort when nothing else yields text: the article's title heading (the first h1) and what
    /// stands around it, the nearest ancestor holding several times the heading's text, below the body.
    /// </summary>
    public static IElement? FindAroundTitle(IElement root)
    {
        if (root.QuerySelector("h1") is not { } heading) return null;
        var headingText = Math.Max(MinProseLength, CountVisible(heading.TextContent));
        for (var element = heading.ParentElement; element is not null && element != root; element = element.ParentElement)
            if (CountVisible(element.TextContent) >= 3 * headingText) return element;
        return null;
    }

    /// <summary>A slide's position counter ("12 of 50") is at most this long.</summary>
    private const int MaxSlideCounterLength = 16;

    /// <summary>
    /// A slide of a slideshow of other stories: its first element is only a position counter ("2/5", "3 of 12"),
    /// and it links to another page (a slide of the article's own photos links nowhere, or to its picture).
    /// </summary>
    private static bool IsSlideToElsewhere(IElement element) =>
        element.FirstElementChild is { ChildElementCount: 0, FirstChild: IText { Data.Length: <= MaxSlideCounterLength } text } first
        && first.ChildNodes.Length == 1
        && SlideCounter().Match(text.Data) is { Success: true } counter
        && int.Parse(counter.Groups[1].Value, CultureInfo.InvariantCulture) <= int.Parse(counter.Groups[2].Value, CultureInfo.InvariantCulture)
        && element.QuerySelectorAll("a[href]")
            .Any(a => a.GetAttribute("href") is { } href && !href.StartsWith('#') && !PictureAddress().IsMatch(href));

    [GeneratedRegex(@"^\s*([0-9]{1,3})\s*(?:/|of)\s*([0-9]{1,3})\s*$")]
    private static partial Regex SlideCounter();

    [GeneratedRegex(@"\.(jpe?g|png|gif|webp|avif)([?#].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PictureAddress();
}
