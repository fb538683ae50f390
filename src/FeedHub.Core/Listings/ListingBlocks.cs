using AngleSharp.Dom;
using FeedHub.Core.Model;
using FeedHub.Core.Parsing;

namespace FeedHub.Core.Listings;

/// <summary>
/// The block of a listing that belongs to one article (the largest element around its links that holds no other
/// article's link), how blocks repeat down a page, and what a block shows of its article.
/// </summary>
internal static class ListingBlocks
{
    /// <summary>A block is at most this many levels above its link: a lone story must not take in the whole page.</summary>
    private const int MaxLevels = 6;

    /// <summary>Each article's block, from its links (one list per article, in page order).</summary>
    public static IReadOnlyList<IElement> Find(IReadOnlyList<List<IElement>> anchorsByArticle)
    {
        // Which article each element holds links of, marked from every link up (one walk per link, not a search per element):
        // an element holding two articles' links is no article's block.
        const int Shared = -1;
        var owner = new Dictionary<IElement, int>();
        for (var i = 0; i < anchorsByArticle.Count; i++)
            foreach (var anchor in anchorsByArticle[i])
                for (var node = anchor; node is not null; node = node.ParentElement)
                {
                    if (!owner.TryGetValue(node, out var marked)) owner[node] = i;
                    else if (marked == i) break; // marked from here up by another link of the same article
                    else if (marked != Shared) owner[node] = Shared;
                }
        var blocks = new IElement[anchorsByArticle.Count];
        for (var i = 0; i < anchorsByArticle.Count; i++)
        {
            var node = anchorsByArticle[i].FirstOrDefault(a => ArticleUrls.IsHeadline(TextOf(a))) ?? anchorsByArticle[i][0];
            for (var level = 0; level < MaxLevels && node.ParentElement is { LocalName: not ("body" or "html") } parent && owner[parent] == i; level++)
                node = parent;
            blocks[i] = node;
        }
        return blocks;
    }

    /// <summary>The blocks whose shape (element and class names, numbers left out) occurs at least <paramref name="times"/> on the page.</summary>
    public static IReadOnlySet<IElement> Repeated(IReadOnlyList<IElement> blocks, int times)
    {
        var shapes = blocks.Select(Shape).ToList();
        var counts = shapes.Where(s => s is not null).GroupBy(s => s!).ToDictionary(g => g.Key, g => g.Count());
        return blocks.Where((b, i) => shapes[i] is { } s && counts[s] >= times).ToHashSet();
    }

    /// <summary>"article.post.type-post" for a block; null for a bare link, which says nothing about a listing.</summary>
    private static string? Shape(IElement block)
    {
        if (block.LocalName == "a" && string.IsNullOrWhiteSpace(block.ClassName)) return null;
        var names = (block.ClassName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => new string(c.Where(ch => !char.IsDigit(ch)).ToArray()))
            .Where(c => c.Trim('-', '_').Length > 0 && !c.EndsWith('-')) // "post-123", "tag-defense" differ per item
            .Order(StringComparer.Ordinal);
        return string.Join('.', names.Prepend(block.LocalName));
    }

    /// <summary>What the listing shows of one article: its headline, date, summary and image.</summary>
    public static ListingItem Describe(IElement block, Uri url, IEnumerable<IElement> anchors, Uri baseUrl)
    {
        var links = anchors.ToList();
        var title = Title(block, links);
        return new ListingItem(url, title, DateOf(block, null), Summary(block, title), Image(block, baseUrl));
    }

    private static string Title(IElement block, List<IElement> links)
    {
        foreach (var link in links)
        {
            // A heading the link sits in or holds, or a part of the link named as its title: the rest (a kicker, a time) is not the headline.
            var part = link.Closest("h1, h2, h3, h4, h5, h6") ?? link.QuerySelector("h1, h2, h3, h4, h5, h6, [class*=title], [class*=headline]");
            if (part is not null && Collapse(part.TextContent) is { Length: > 0 } headed) return headed;
        }
        if (links.Select(TextOf).Where(ArticleUrls.IsHeadline).MaxBy(t => t.Length) is { } best) return best;
        if (block.QuerySelector("h1, h2, h3, h4, h5, h6") is { } heading && Collapse(heading.TextContent) is { Length: > 0 } h) return h;
        return links.Select(TextOf).MaxBy(t => t.Length) ?? "";
    }

    /// <summary>The block's date: a time element's datetime (or, with a selector, what it picks), else a date written out.</summary>
    public static DateTimeOffset? DateOf(IElement block, string? selector)
    {
        var elements = selector is not null ? block.QuerySelectorAll(selector).ToList()
            : block.QuerySelectorAll("time, [itemprop=datePublished], [class*=date], [class*=time]").ToList();
        foreach (var element in elements)
        {
            foreach (var value in new[] { element.GetAttribute("datetime"), element.GetAttribute("content"), Collapse(element.TextContent) })
                if (FeedDates.Parse(value) is { } date) return date;
        }
        return null;
    }

    private static string? Summary(IElement block, string title)
    {
        foreach (var element in block.QuerySelectorAll("p, [class*=summary], [class*=excerpt], [class*=dek], [class*=standfirst], [class*=teaser], [class*=description]"))
        {
            var text = Collapse(element.TextContent);
            if (text.Length >= 30 && !text.Contains(title, StringComparison.Ordinal) && element.QuerySelector("time") is null) return text;
        }
        return null;
    }

    private static Uri? Image(IElement block, Uri baseUrl)
    {
        foreach (var image in block.QuerySelectorAll("img"))
        {
            var source = image.GetAttribute("data-src") ?? image.GetAttribute("src");
            if (source is null || source.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) continue;
            if (WebUrl.Resolve(baseUrl, source) is { } url) return url;
        }
        return null;
    }

    /// <summary>Characters of prose (paragraphs mostly of plain text) outside the articles' blocks and outside the page's furniture.</summary>
    public static int ProseOutside(IDocument document, IReadOnlyList<IElement> blocks, PageRegions regions)
    {
        var total = 0;
        var inBlocks = blocks.ToHashSet();
        foreach (var paragraph in document.QuerySelectorAll("p"))
        {
            if (IsInside(paragraph, inBlocks) || regions.Classify(paragraph) is not null) continue;
            var text = Collapse(paragraph.TextContent);
            var linked = paragraph.QuerySelectorAll("a").Sum(a => Collapse(a.TextContent).Length);
            if (text.Length >= 40 && linked < text.Length * 0.3) total += text.Length;
        }
        return total;
    }

    private static bool IsInside(IElement element, HashSet<IElement> blocks)
    {
        for (var node = element; node is not null; node = node.ParentElement)
            if (blocks.Contains(node)) return true;
        return false;
    }

    /// <summary>The operator's selectors: each element <see cref="ListingSelectors.Items"/> matches is one article.</summary>
    public static Listing BySelectors(IDocument document, Uri pageUrl, ListingSelectors selectors)
    {
        var baseUrl = WebUrl.Resolve(pageUrl, document.QuerySelector("base[href]")?.GetAttribute("href")) ?? pageUrl;
        var items = new List<ListingItem>();
        var leftOut = new List<LeftOutLink>();
        var blocks = document.QuerySelectorAll(selectors.Items);
        foreach (var block in blocks)
        {
            var link = selectors.Link is { } linkSelector ? block.QuerySelector(linkSelector)
                : block.LocalName == "a" ? block : block.QuerySelector("h1 a[href], h2 a[href], h3 a[href], h4 a[href]") ?? block.QuerySelector("a[href]");
            if (WebUrl.Resolve(baseUrl, link?.GetAttribute("href")) is not { } resolved || CanonicalUrl.Of(resolved) is not { } url)
            {
                leftOut.Add(new LeftOutLink(link?.GetAttribute("href") ?? "", Collapse(block.TextContent), $"the block has no web link{(selectors.Link is null ? "" : $" that the Link selector '{selectors.Link}' picks")}"));
                continue;
            }
            if (items.Any(i => i.Url == url)) continue;
            var described = Describe(block, url, [link!], baseUrl);
            var title = selectors.Title is { } titleSelector && block.QuerySelector(titleSelector) is { } titled
                ? Collapse(titled.TextContent) : described.Title;
            var date = selectors.Date is { } dateSelector ? DateOf(block, dateSelector) : described.Published;
            items.Add(described with { Title = title, Published = date });
        }
        var why = blocks.Length == 0 ? $"the Items selector '{selectors.Items}' matches nothing on the page" : items.Count == 0 ? "no block the Items selector matches has a link" : null;
        return new Listing(items, leftOut, why);
    }

    /// <summary>A link's text as people read it, or for an image link its image's alt text, or its label.</summary>
    public static string TextOf(IElement element)
    {
        var text = Collapse(element.TextContent);
        if (text.Length > 0) return text;
        return element.QuerySelector("img[alt]")?.GetAttribute("alt")?.Trim() is { Length: > 0 } alt ? alt
            : element.GetAttribute("aria-label") ?? element.GetAttribute("title") ?? "";
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
