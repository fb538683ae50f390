using AngleSharp.Dom;

namespace FeedHub.Core.Extraction;

/// <summary>
/// Before scoring: resolves lazy images, and removes what is never article content (scripts,
/// navigation, forms, hidden elements) and what is very unlikely to be (comment threads,
/// sidebars, share bars, ad slots), so that none of it can win the scoring.
/// </summary>
internal static class PageCleaner
{
    private static readonly HashSet<string> NeverContent = new(StringComparer.Ordinal)
    {
        "script", "style", "link", "template", "svg", "canvas", "iframe", "object", "embed", "input",
        "button", "select", "textarea", "nav", "dialog", "menu", "noscript",
    };

    public static void Clean(IElement root)
    {
        var doomed = new List<IElement>();
        Collect(root, doomed, new Dictionary<(string, string), bool>());
        foreach (var element in doomed) element.Remove();
    }

    /// <summary>
    /// The name test, remembered per tag and class/id string for one page: it scans the names for some fifty words at every
    /// position, and a page repeats the same few names on most of its elements (menu items, list entries, wrappers).
    /// </summary>
    private static bool IsUnlikelyCandidate(IElement element, string names, Dictionary<(string, string), bool> unlikely)
    {
        var key = (element.LocalName, names);
        if (!unlikely.TryGetValue(key, out var result)) unlikely[key] = result = Boilerplate.IsUnlikelyCandidate(element, names);
        return result;
    }

    /// <summary>One walk: images resolved as they are met, and what is to go is noted (removing while walking would skip nodes).</summary>
    private static void Collect(IElement element, List<IElement> doomed, Dictionary<(string, string), bool> unlikely)
    {
        for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            var name = child.LocalName;
            if (name == "img")
            {
                ResolveLazyImage(child);
                continue;
            }
            if (name == "noscript") KeepNoscriptImages(child);
            if (name == "iframe" && ContentSanitizer.IsAllowedEmbed(child.GetAttribute("src"))) continue; // a video in the article
            if (NeverContent.Contains(name) || Boilerplate.IsHidden(child) || Boilerplate.IsNumberedComment(child))
            {
                doomed.Add(child);
                continue;
            }
            var names = Boilerplate.Names(child);
            if (names.Length > 0
                && (Boilerplate.IsCommentThread(child, names)
                    || (IsUnlikelyCandidate(child, names, unlikely) && !HoldsProse(child, countLooseText: false)
                        && !Boilerplate.IsEmbeddedQuote(child))))
                doomed.Add(child);
            else if (name is "aside" or "footer" && !HoldsProse(child, countLooseText: false)) // some blog themes put the post in an aside
                doomed.Add(child);
            else if (name == "form" && !HoldsProse(child, countLooseText: true))
                doomed.Add(child);
            else
                Collect(child, doomed, unlikely);
        }
    }

    /// <summary>
    /// Some sites wrap the whole page in a form (ASP.NET WebForms) or give the article's wrapper a name
    /// like "advertisement-off-canvas"; an element with several real paragraphs is never removed by name.
    /// A whole-page form is older markup that often writes its paragraphs as text runs between line
    /// breaks (in div, font or td), so there a long run of loose text counts as a paragraph too; for a
    /// name it does not, because sidebars and footers hold such runs (it lost 0.008 F1 on the Dragnet pages).
    /// </summary>
    private static bool HoldsProse(IElement element, bool countLooseText) => CountParagraphs(element, countLooseText, 0) >= ParagraphsOfProse;

    private const int ParagraphsOfProse = 3;

    private const int ParagraphLength = 80;

    private static int CountParagraphs(IElement element, bool countLooseText, int found)
    {
        for (var node = element.FirstChild; node is not null && found < ParagraphsOfProse; node = node.NextSibling)
        {
            if (node is IElement child)
                found = child.LocalName == "p" ? found + (child.TextContent.Length >= ParagraphLength ? 1 : 0) : CountParagraphs(child, countLooseText, found);
            else if (countLooseText && node.NodeType == NodeType.Text && node.TextContent.Trim().Length >= ParagraphLength)
                found++;
        }
        return found;
    }

    /// <summary>
    /// Lazy-loading pages keep the real image in data-src, data-srcset or a noscript copy, and put a
    /// placeholder (or nothing) in src. The real one is put in src, before noscript is removed.
    /// </summary>
    private static void ResolveLazyImage(IElement image)
    {
        var lazy = image.GetAttribute("data-src") ?? image.GetAttribute("data-lazy-src") ?? image.GetAttribute("data-original")
                   ?? LargestCandidate(image.GetAttribute("data-srcset"));
        if (lazy is not null && (!HasRealSource(image) || image.HasAttribute("data-src")))
            image.SetAttribute("src", lazy);
        else if (!HasRealSource(image) && LargestCandidate(image.GetAttribute("srcset")) is { } fromSet)
            image.SetAttribute("src", fromSet);
    }

    /// <summary>Without scripting, HTML parsers read noscript's content as markup; its images are the real ones, so they move out.</summary>
    private static void KeepNoscriptImages(IElement noscript)
    {
        var images = noscript.GetElementsByTagName("img").ToList();
        if (images.Count == 0) return;
        if (noscript.PreviousElementSibling is { LocalName: "img" } placeholder && !HasRealSource(placeholder))
            placeholder.SetAttribute("src", images[0].GetAttribute("src"));
        else
            foreach (var image in images) noscript.Parent!.InsertBefore(image, noscript);
    }

    private static bool HasRealSource(IElement image) =>
        image.GetAttribute("src") is { Length: > 0 } src && !src.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The widest candidate of a srcset ("a.jpg 480w, b.jpg 1024w" gives b.jpg).</summary>
    private static string? LargestCandidate(string? srcset)
    {
        if (string.IsNullOrWhiteSpace(srcset)) return null;
        string? best = null;
        var bestWidth = -1.0;
        foreach (var candidate in srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var width = parts.Length > 1 && double.TryParse(parts[1].TrimEnd('w', 'x'), System.Globalization.CultureInfo.InvariantCulture, out var w) ? w : 0;
            if (width > bestWidth) (best, bestWidth) = (parts[0], width);
        }
        return best;
    }
}
