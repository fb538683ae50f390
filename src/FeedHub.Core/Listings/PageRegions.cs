using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace FeedHub.Core.Listings;

/// <summary>
/// The parts of a page whose links are never its listing: navigation, the site's header and footer, sidebars,
/// pagination, tag and category lists, "most read" boxes, share bars and ads. Known by element
/// (nav, a header or footer outside the content), by ARIA role, by the class or id names sites give them, and by
/// the heading of a box ("Most read", "Trending"). The names are the common vocabulary of templates, not any one site's.
/// </summary>
internal sealed partial class PageRegions
{
    // Each element's answer, once: a page's thousands of links share their ancestors.
    private readonly Dictionary<IElement, string?> known = [];

    /// <summary>Why a link in <paramref name="element"/> is in a region that is not the listing, or null.</summary>
    public string? Classify(IElement element)
    {
        var path = new List<IElement>();
        string? why = null;
        for (var node = element; node is not null && node.LocalName is not ("body" or "html"); node = node.ParentElement)
        {
            if (known.TryGetValue(node, out why)) break;
            path.Add(node);
        }
        for (var i = path.Count - 1; i >= 0; i--) // from the top down; the nearest region names it (a menu in the header is navigation)
            known[path[i]] = why = ByElement(path[i]) ?? ByName(path[i]) ?? ByHeading(path[i]) ?? why;
        return why;
    }

    private static string? ByElement(IElement node) => node.LocalName switch
    {
        "nav" => "in the navigation",
        "header" when !IsInContent(node) => "in the site header",
        "footer" when !IsInContent(node) => "in the page footer",
        _ => node.GetAttribute("role")?.ToLowerInvariant() switch
        {
            "navigation" or "menubar" or "menu" => "in the navigation",
            "banner" => "in the site header",
            "contentinfo" => "in the page footer",
            "search" => "in the search form",
            _ => null,
        },
    };

    /// <summary>A header or footer inside an article or the main content belongs to that content (an entry's own header holds its headline).</summary>
    private static bool IsInContent(IElement node)
    {
        for (var up = node.ParentElement; up is not null; up = up.ParentElement)
            if (up.LocalName is "article" or "main" || up.GetAttribute("role") == "main") return true;
        return false;
    }

    private static string? ByName(IElement node)
    {
        var names = (node.ClassName ?? "") + " " + (node.Id ?? "");
        if (string.IsNullOrWhiteSpace(names)) return null;
        foreach (var name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var lower = name.ToLowerInvariant();
            if (MostRead().IsMatch(lower)) return "in a \"most read\" box";
            if (lower is "tags" or "tagcloud" or "tag-cloud" or "tags-links" or "tag-links" or "post-tags" or "entry-tags" or "tag-list" or "taglist"
                or "keywords" or "cat-links" or "post-categories" || Segment(lower, "tags")) return "in a tag or category list";
            var segments = lower.Split('-', '_');
            foreach (var (words, why) in NamedRegions)
                if (segments.Any(words.Contains)) return why;
            if (lower.Contains("load-more") || lower.Contains("loadmore") || lower.Contains("show-more")) return "a pagination link";
        }
        return null;
    }

    private static readonly (HashSet<string> Words, string Why)[] NamedRegions =
    [
        (["nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "skip"], "in the navigation"),
        (["masthead", "topbar"], "in the site header"),
        (["footer", "colophon", "legal", "copyright"], "in the page footer"),
        // Not "widget" alone: some blog engines wrap the posts themselves in one.
        (["sidebar", "widgets"], "in a sidebar"),
        (["pagination", "pager", "paging", "paginator"], "a pagination link"),
        (["share", "sharing", "social"], "in a share bar"),
        (["ad", "ads", "advert", "advertisement", "sponsored"], "in an ad"),
    ];

    private static bool Segment(string name, string word) => name.Split('-', '_').Contains(word);

    /// <summary>A box that starts with a heading such as "Most read" or "Trending".</summary>
    private static string? ByHeading(IElement node)
    {
        if (node.LocalName is not ("section" or "aside" or "div" or "ul" or "ol")) return null;
        for (var (child, n) = (node.FirstElementChild, 0); child is not null && n < 2; child = child.NextElementSibling, n++)
        {
            // The heading itself, or a small wrapper around it (a box's own header), never a whole column that holds boxes.
            var heading = IsHeading(child) ? child
                : HasFewDescendants(child, 3) ? child.QuerySelector("h2, h3, h4, h5, h6") : null;
            if (heading is not null && heading.QuerySelector("a") is null && MostReadHeading().IsMatch(heading.TextContent))
                return "in a \"most read\" box";
        }
        return null;
    }

    /// <summary>Counts no further than it needs to: every link's every ancestor asks this of its first children.</summary>
    private static bool HasFewDescendants(IElement element, int most)
    {
        var seen = 0;
        var pending = new Stack<IElement>();
        pending.Push(element);
        while (pending.TryPop(out var next))
        {
            for (var child = next.FirstElementChild; child is not null; child = child.NextElementSibling)
            {
                if (++seen > most) return false;
                pending.Push(child);
            }
        }
        return true;
    }

    private static bool IsHeading(IElement element) => element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    [GeneratedRegex(@"most-?read|mostread|most-?viewed|most-?popular|most-?shared|popular|trending|ranking|meistgelesen")]
    private static partial Regex MostRead();

    // A few languages' words for the same box: it is the box's vocabulary, not a site's.
    [GeneratedRegex(@"\b(most (read|viewed|popular|shared|commented)|popular( now| stories| articles)?|trending|meistgelesen|les plus lus|más leídos|più letti|mais lidas)\b|人気|ランキング|阅读排行|热门", RegexOptions.IgnoreCase)]
    private static partial Regex MostReadHeading();
}
