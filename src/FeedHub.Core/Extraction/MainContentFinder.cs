using AngleSharp.Dom;

namespace FeedHub.Core.Extraction;

/// <summary>
/// Finds the element that holds the article: the one whose subtree has the most prose (text in
/// paragraphs with few links) for the least other text. In one bottom-up pass, every element is
/// scored prose - 0.5 x other text; the best wins. A container split by ads still wins whole, as
/// long as the junk between its parts is small; a page-wide wrapper loses because it carries
/// the navigation, sidebars and footers.
/// </summary>
internal static partial class MainContentFinder
{
    /// <summary>
    /// Prose counts a little less for each level it sits below the element, so that prose
    /// elsewhere on the page (a footer's address, a push prompt) does not pull the choice up to a
    /// page-wide wrapper, while an article split in two by an ad is still taken whole.
    /// </summary>
    private const double LevelDecay = 0.85;

    private const double NamedContentWeight = 2;

    /// <summary>How much a character of non-prose text costs against one of prose.</summary>
    private const double JunkWeight = 0.5;

    /// <summary>Shorter paragraphs are not counted as prose ("By Jane Doe", "Photo: AP").</summary>
    private const int MinProseLength = 20;

    /// <summary>Text directly in a div (no p tags, br-separated "div soup") counts as prose from this length on.</summary>
    private const int MinLooseTextLength = 50;

    /// <summary>A link this long standing on its own (not inside a paragraph) reads as a headline.</summary>
    private const int MinHeadlineLength = 20;

    /// <summary>A teaser's summary is at most this long; an article's opening beside a linked heading is longer.</summary>
    private const int MaxTeaserLength = 400;

    /// <summary>This many article elements among one element's children make it a list of stories.</summary>
    private const int MinStoriesInList = 3;

    /// <summary>A table with less text is a widget (a calendar, a score box), not an article's data.</summary>
    private const int MinDataTableLength = 200;

    /// <summary>A data table's cells are short; a layout table's hold whole paragraphs.</summary>
    private const int MaxDataCellLength = 80;

    public static IElement Find(IElement root)
    {
        var (main, _) = FindOnce(root);
        // The cleaner keeps a sidebar or footer that holds several paragraphs (an "about" box, a widget of post
        // excerpts), since some pages misname the article's column, and a carousel of promotions; when such a region wins, it is set aside and
        // the page scored again. It is put back when the rest of the page holds no article. A block named as an author's bio or
        // a credit line (by a whole class or id, not a WordPress "tag-credits" on the post) is never the article, so
        // there any prose left elsewhere is taken, however short (a one-line post).
        for (var attempt = 0; attempt < MaxRegionsSetAside && SideRegionAround(main, root) is { Parent: { } parent } region; attempt++)
        {
            var next = region.NextSibling;
            region.Remove();
            var (other, score) = FindOnce(root);
            if (Boilerplate.IsAuthorBoxOrCredit(region) ? score <= 0 : TextMeasure.Normalize(other.TextContent).Length < MinArticleLength)
            {
                parent.InsertBefore(region, next);
                break;
            }
            main = other;
        }
        return main;
    }

    /// <summary>Less text than this is no article (as <see cref="ExtractedArticle.IsConvincing"/>).</summary>
    private const int MinArticleLength = 200;

    private const int MaxRegionsSetAside = 2;

    /// <summary>For extraction-debug only: told every element's score as it is measured (arguments not computed while null).</summary>
    internal static Action<IElement, double>? TraceScore;

    private static (IElement Main, double Score) FindOnce(IElement root)
    {
        var best = new Best(root, double.MinValue);
        Measure(root, best, insideLink: false);
        var main = best.Element;
        while (IsPartOfParagraph(main) && main.ParentElement is { } parent && parent != root.ParentElement) main = parent;
        return (main, best.Score);
    }

    /// <summary>
    /// The winner's nearest ancestor (or itself) tagged or named as a sidebar, a footer, a slideshow, an author's bio or a
    /// credit line, below the root and any article.
    /// </summary>
    private static IElement? SideRegionAround(IElement main, IElement root)
    {
        for (var element = main; element is not null && element != root; element = element.ParentElement)
        {
            if (element.LocalName is "article" or "main") return null;
            if (element.LocalName is "aside" or "footer" || Boilerplate.IsSideRegion(element) || Boilerplate.IsNamedForSlides(element)
                || Boilerplate.IsAuthorBoxOrCredit(element)) return element;
        }
        return null;
    }

    private sealed class Best(IElement element, double score)
    {
        public IElement Element = element;
        public double Score = score;
    }

    /// <summary>Characters of text, of link text and of prose in an element's subtree (whitespace not counted); prose discounted by depth.</summary>
    private readonly record struct TextStats(int Text, int Links, int Prose, double NearProse);

    private static TextStats Measure(IElement element, Best best, bool insideLink)
    {
        var name = element.LocalName;
        if (name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "figcaption") return default; // neither prose nor junk
        insideLink |= name == "a";
        int text = 0, links = 0, prose = 0, loose = 0, paragraphProse = 0;
        double nearProse = 0;
        bool teaserHeading = false, headlineLink = false, summaryChild = false;
        int stories = 0, slides = 0;
        for (var node = element.FirstChild; node is not null; node = node.NextSibling)
        {
            if (node is IElement child)
            {
                var inner = Measure(child, best, insideLink);
                text += inner.Text;
                links += inner.Links;
                prose += inner.Prose;
                nearProse += child.LocalName is "p" or "pre" or "li" or "dd" ? inner.Prose : LevelDecay * inner.NearProse;
                if (child.LocalName == "p") paragraphProse += inner.Prose;
                // A teaser's headline comes before its summary: a linked heading after the paragraphs ("This post first
                // appeared at <a>...</a>") is a note under the article.
                teaserHeading |= paragraphProse == 0 && IsLinkedHeading(child);
                headlineLink |= child.LocalName == "a" && inner.Text >= MinHeadlineLength;
                summaryChild |= child.LocalName is "p" or "div" or "span";
                if (child.LocalName == "article") stories++;
                else if (IsSlideToElsewhere(child)) slides++;
            }
            else if (node.NodeType == NodeType.Text)
            {
                var count = CountVisible(node.TextContent);
                text += count;
                loose += count;
            }
        }
        if (insideLink) links = text;
        // In a list item, a link with its summary in an element of its own (p, div, span) is a teaser's headline;
        // a link that opens a line of running text ("<a>Title</a> by Jane Doe: a quote") is an entry of a link
        // round-up, which is the article.
        teaserHeading |= headlineLink && (summaryChild || name != "li");
        if (name is "p" or "pre")
            prose = text >= MinProseLength && links * 2 <= text ? text : 0;
        else if (name is "li" or "dd")
            prose = text >= MinProseLength && links * 2 <= text && !(teaserHeading && text < MaxTeaserLength) ? text : 0;
        else if (name == "table" && text >= MinDataTableLength && links * 2 <= text && prose * 2 < text && IsDataTable(element))
        {
            // A data article's content is its table (standings, a timetable): its cells are short, not prose, but they are the article.
            nearProse += text - prose;
            prose = text;
        }
        // Text in a link is a link's text however long it runs: a rail of long headlines otherwise outscored a short post.
        else if (loose >= MinLooseTextLength && !insideLink && ReadsLikeProse(element))
        {
            prose += loose;
            nearProse += loose;
        }
        // A linked headline with a short paragraph beside it is a teaser for another story, not this one.
        if (teaserHeading && paragraphProse < MaxTeaserLength)
        {
            prose -= paragraphProse;
            nearProse -= paragraphProse;
        }

        // Several article elements side by side are a list of stories (related posts, the next stories of an
        // infinite scroll, a stream), not one story: the list never wins as a whole, and its prose is no
        // article's for the elements around it, while each story in it still competes on its own. Slides
        // numbered "2/5" that each link to another page are the same thing in a slideshow's clothes.
        if (stories >= MinStoriesInList || slides >= MinStoriesInList)
        {
            prose = 0;
            nearProse = 0;
        }

        var junk = JunkWeight * (text - prose);
        // The name is read only where its weight could make the element win: this runs on every element.
        var score = Math.Max(nearProse, nearProse * NamedContentWeight) - junk > best.Score
            ? nearProse * NameWeight(element, nearProse) - junk : double.MinValue;
        TraceScore?.Invoke(element, nearProse * NameWeight(element, nearProse) - junk);
        if (score > best.Score)
        {
            best.Score = score;
            best.Element = element;
        }
        return new TextStats(text, links, prose, nearProse);
    }

    /// <summary>
    /// An element whose class or id says it is the article body ("entry-content", "post-body",
    /// "article-text") has its prose counted twice when it competes: a short post (two or three
    /// paragraphs) otherwise loses to a blog's description in the header or an "about" box in the
    /// sidebar, which hold as much prose. Only the element itself is weighted, not its ancestors,
    /// so that a page-wide wrapper gains nothing from holding it.
    /// </summary>
    private static double NameWeight(IElement element, double nearProse) =>
        nearProse > 0 && Boilerplate.IsNamedContent(element) ? NamedContentWeight : 1;

    /// <summary>
    /// A paragraph, or an inline element (an em, a span, a font run), is never the article on its own: when an
    /// emphasised sentence or a caption scores above the container of a post made of short blocks, the
    /// container is taken, so that the rest of the post is not lost.
    /// </summary>
    private static bool IsPartOfParagraph(IElement element) => element.LocalName is "p" || TextMeasure.IsInlineName(element.LocalName);

    /// <summary>At least three rows of two or more cells, the cells short on average, no table inside: rows and columns of data.</summary>
    private static bool IsDataTable(IElement table)
    {
        int rows = 0, cells = 0, cellText = 0;
        foreach (var row in Rows(table))
        {
            var rowCells = 0;
            for (var cell = row.FirstElementChild; cell is not null; cell = cell.NextElementSibling)
            {
                if (cell.LocalName is not ("td" or "th")) continue;
                if (HasDescendant(cell, static e => e.LocalName == "table")) return false;
                rowCells++;
                cellText += CountVisible(cell.TextContent);
            }
            cells += rowCells;
            if (rowCells >= 2) rows++;
        }
        return rows >= 3 && cellText < MaxDataCellLength * cells;
    }

    private static IEnumerable<IElement> Rows(IElement table)
    {
        for (var child = table.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            if (child.LocalName == "tr") yield return child;
            else if (child.LocalName is "thead" or "tbody" or "tfoot")
                for (var row = child.FirstElementChild; row is not null; row = row.NextElementSibling)
                    if (row.LocalName == "tr") yield return row;
        }
    }

    /// <summary>
    /// A teaser's linked headline. Not an h1: that is the page's own title, which blog engines link to the post's permalink,
    /// and a short post under it is the article, not a teaser.
    /// </summary>
    private static bool IsLinkedHeading(IElement element) => element.LocalName switch
    {
        "h2" or "h3" or "h4" or "h5" or "h6" => HasDescendant(element, static e => e.LocalName == "a"),
        "a" => element.FirstElementChild is not null && HasDescendant(element, static e => e.LocalName is "h2" or "h3" or "h4" or "h5" or "h6"),
        _ => false,
    };

    private static bool HasDescendant(IElement element, Func<IElement, bool> match)
    {
        for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
            if (match(child) || HasDescendant(child, match)) return true;
        return false;
    }

    /// <summary>Loose text is prose when it reads like sentences, not code, CSS or data ({, ;, = and the like are rare in prose).</summary>
    private static bool ReadsLikeProse(IElement element)
    {
        var syntax = 0;
        var spaces = 0;
        var total = 0;
        for (var node = element.FirstChild; node is not null; node = node.NextSibling)
        {
            if (node.NodeType != NodeType.Text) continue;
            foreach (var c in node.TextContent)
            {
                total++;
                if (c is '{' or '}' or ';' or '=' or '<' or '>' or '|' or '\\') syntax++;
                else if (c == ' ') spaces++;
            }
        }
        return syntax * 50 < total && spaces * 12 > total;
    }

    internal static int CountVisible(string text)
    {
        var count = 0;
        foreach (var c in text)
            if (!char.IsWhiteSpace(c)) count++;
        return count;
    }
}
