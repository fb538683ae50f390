using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedHub.Core.Model;

namespace FeedHub.Core.Listings;

/// <summary>
/// Finds the article links of a listing page (a home, section or tag page) with no configuration: every same-site
/// link outside the navigation, header, footer, sidebars, pagination, tag lists and "most read" boxes, whose address
/// looks like an article's and whose text reads as a headline, or which sits in a block repeated down the page like
/// its neighbours. Each article's block gives what the listing shows of it: title, date, summary, image. Links come
/// out in page order, once each, by canonical address. With <see cref="ListingSelectors"/>, the operator's CSS
/// selectors choose the blocks instead.
/// </summary>
public static class ListingFinder
{
    /// <summary>Fewer article links than this is not a listing.</summary>
    public const int MinItems = 2;

    /// <summary>A block shape seen this often on a page is a listing's repeated item.</summary>
    private const int RepeatedAtLeast = 3;

    /// <summary>A page with this much prose outside the blocks of its article links reads as one article, not a listing.</summary>
    private const int ArticleProse = 1000;

    /// <summary>As much prose is enough when the page calls itself an article (og:type, JSON-LD).</summary>
    private const int DeclaredArticleProse = 400;

    /// <summary>Links read on one page at most.</summary>
    public const int MaxLinks = 2000;

    private static readonly HtmlParser Parser = new(new HtmlParserOptions { SkipComments = true });

    public static Listing Find(string html, Uri pageUrl, ListingSelectors? selectors = null)
    {
        using var document = Parser.ParseDocument(html);
        var listing = selectors is null ? FindGenerically(document, pageUrl) : ListingBlocks.BySelectors(document, pageUrl, selectors);
        return listing with { Title = document.Title?.Trim() ?? "" };
    }

    private sealed record Candidate(IElement Anchor, Uri Url, string Text);

    private static Listing FindGenerically(IDocument document, Uri pageUrl)
    {
        var baseUrl = BaseOf(document, pageUrl);
        var leftOut = new List<LeftOutLink>();
        var candidates = new List<Candidate>();
        var regions = new PageRegions();
        // A listing shows its articles within its first few thousand links; a page with far more is a link farm, and reading
        // it all would cost time quadratic in its links (each link's block is looked for among the others).
        foreach (var anchor in document.QuerySelectorAll("a[href]").Take(MaxLinks))
        {
            var href = anchor.GetAttribute("href")!;
            var text = ListingBlocks.TextOf(anchor);
            if (WebUrl.Resolve(baseUrl, href) is not { } resolved || CanonicalUrl.Of(resolved) is not { } url)
            {
                if (!href.StartsWith('#')) leftOut.Add(new LeftOutLink(href, text, "not a web address"));
                continue;
            }
            var why = regions.Classify(anchor) ?? (IsPagination(anchor) ? "a pagination link" : null) ?? ArticleUrls.WhyNotAnArticle(url, pageUrl);
            if (why is not null) leftOut.Add(new LeftOutLink(url.AbsoluteUri, text, why));
            else candidates.Add(new Candidate(anchor, url, text));
        }
        var byUrl = candidates.GroupBy(c => c.Url.AbsoluteUri).ToList(); // in order of first appearance
        var blocks = ListingBlocks.Find(byUrl.Select(g => g.Select(c => c.Anchor).ToList()).ToList());
        var repeated = ListingBlocks.Repeated(blocks, RepeatedAtLeast);
        var items = new List<ListingItem>();
        for (var i = 0; i < byUrl.Count; i++)
        {
            var links = byUrl[i].ToList();
            var headline = links.Any(c => ArticleUrls.IsHeadline(c.Text));
            var articleLike = ArticleUrls.LooksLikeAnArticle(links[0].Url);
            var inRepeats = repeated.Contains(blocks[i]);
            if (!inRepeats && links.All(c => IsInRunningText(c.Anchor)))
                leftOut.Add(new LeftOutLink(links[0].Url.AbsoluteUri, links[0].Text, "a link in running text, not an item of the listing"));
            else if (articleLike && (headline || inRepeats) || headline && inRepeats)
                items.Add(ListingBlocks.Describe(blocks[i], links[0].Url, links.Select(c => c.Anchor), baseUrl));
            else
                leftOut.Add(new LeftOutLink(links[0].Url.AbsoluteUri, links[0].Text, articleLike
                    ? "its text is not a headline and it is not one of a series of like blocks"
                    : headline ? "its address looks like a section or site page, not an article, and it stands alone" : "neither its address nor its text looks like an article's"));
        }
        var taken = items.Select(i => i.Url.AbsoluteUri).ToHashSet();
        leftOut.RemoveAll(l => taken.Contains(l.Href)); // another link to an article taken ("3 comments", a byline's date) is not left out
        if (WhyNotAListing(document, items, blocks, regions) is not { } notAListing) return new Listing(items, leftOut, null);
        // A page that is not a listing gives nothing, not its navigation or its few stray links.
        leftOut.AddRange(items.Select(i => new LeftOutLink(i.Url.AbsoluteUri, i.Title, "the page is not a listing")));
        return new Listing([], leftOut, notAListing);
    }

    /// <summary>A link inside a paragraph that is mostly other words ("see how we check them"): prose, not a teaser.</summary>
    private static bool IsInRunningText(IElement anchor) =>
        anchor.Closest("p") is { } paragraph && ListingBlocks.TextOf(anchor).Length * 2 < paragraph.TextContent.Trim().Length;

    private static bool IsPagination(IElement anchor) =>
        anchor.GetAttribute("rel")?.Split(' ').Any(r => r is "next" or "prev" or "previous") == true;

    private static string? WhyNotAListing(IDocument document, IReadOnlyList<ListingItem> items, IReadOnlyList<IElement> blocks, PageRegions regions)
    {
        var prose = ListingBlocks.ProseOutside(document, blocks, regions);
        if (prose >= (SaysItIsAnArticle(document) ? DeclaredArticleProse : ArticleProse) && items.Count < 8)
            return $"the page reads as one article ({prose:N0} characters of prose), not a list of articles; its {items.Count} links to other stories are not taken";
        if (items.Count < MinItems)
            return items.Count == 0 ? "found no links to articles on the page" : "found only one link to an article on the page";
        return null;
    }

    private static bool SaysItIsAnArticle(IDocument document) =>
        document.QuerySelector("meta[property='og:type']")?.GetAttribute("content")?.Trim().Equals("article", StringComparison.OrdinalIgnoreCase) == true
        || document.QuerySelectorAll("script[type='application/ld+json']").Any(s => s.TextContent.Contains("Article\"", StringComparison.Ordinal)
            || s.TextContent.Contains("\"BlogPosting\"", StringComparison.Ordinal));

    /// <summary>The document's &lt;base href&gt;, when it has a usable one, else the page's address.</summary>
    private static Uri BaseOf(IDocument document, Uri pageUrl) =>
        WebUrl.Resolve(pageUrl, document.QuerySelector("base[href]")?.GetAttribute("href")) ?? pageUrl;
}
