using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace FeedHub.Core.Extraction;

/// <summary>
/// The signals that tell page chrome from article text: class and id names, and the short
/// stock phrases of share bars, ad labels and sign-up boxes. General words only, never a site.
/// </summary>
internal static partial class Boilerplate
{
    /// <summary>
    /// Reader comments, and the trackbacks and pingbacks blog engines list with them: many real
    /// paragraphs, never the article (a short post lost to its trackback box), so removed whatever they hold.
    /// </summary>
    public static bool IsCommentThread(IElement element, string names)
    {
        if (!names.Contains("comment", StringComparison.OrdinalIgnoreCase) && !names.Contains("respond", StringComparison.OrdinalIgnoreCase)
            && !names.Contains("disqus", StringComparison.OrdinalIgnoreCase) && !names.Contains("replies", StringComparison.OrdinalIgnoreCase)
            && !names.Contains("trackback", StringComparison.OrdinalIgnoreCase) && !names.Contains("pingback", StringComparison.OrdinalIgnoreCase))
            return false;
        if (element.LocalName is "html" or "body" or "article" or "main") return false;
        foreach (var token in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (CommentToken().IsMatch(token)) return true;
        return false;
    }

    /// <summary>
    /// Whether the element is chrome only by a metadata name ("post-meta", "byline-author", "entry-date"),
    /// not by one of share bars, related links, promos or comments: some pages wrap the whole post in such an element.
    /// </summary>
    public static bool IsNamedForMetadata(IElement element)
    {
        var names = Names(element);
        var metadata = false;
        foreach (var token in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ChromeToken().IsMatch(token) || HiddenTokens.Contains(token)) return false;
            metadata |= ChromeSuffix().IsMatch(token);
        }
        return metadata;
    }

    /// <summary>
    /// One of a run of reader comments that carry no class saying so, only numbered ids in a comment
    /// system's style ("com0", "c169981", "reply_1346"): the element and a sibling both have one.
    /// </summary>
    public static bool IsNumberedComment(IElement element) =>
        HasCommentId(element) && (HasCommentId(element.PreviousElementSibling) || HasCommentId(element.NextElementSibling));

    // The first and last characters are checked before the pattern: this runs on every element the cleaner visits.
    private static bool HasCommentId(IElement? element) =>
        element?.Id is { Length: > 1 } id && (id[0] | 0x20) is 'c' or 'r' && char.IsAsciiDigit(id[^1]) && CommentId().IsMatch(id);

    /// <summary>
    /// A post quoted from a social network (a tweet embedded as the blockquote its script fills in) is part of
    /// the story, though its wrapper is named for the network ("social-embed"); a share bar holds no blockquote.
    /// </summary>
    public static bool IsEmbeddedQuote(IElement element) =>
        element.LocalName == "blockquote" || element.FirstElementChild is { LocalName: "blockquote", NextElementSibling: null or { LocalName: "script" } };

    /// <summary>Names that never hold the article, removed before scoring.</summary>
    public static bool IsUnlikelyCandidate(IElement element, string names) =>
        names.Length > 0 && element.LocalName is not ("html" or "body" or "article" or "main" or "a" or "p")
        && IsNamedUnlikely(names) && !MaybeContent().IsMatch(names);

    /// <summary>
    /// <see cref="Unlikely"/>'s answer, found faster for the names nearly every page has (ASCII only): the pattern's plain
    /// words in one vectorized search, and its "ad"/"ads" word by hand. The cleaner asks this of most elements, and the
    /// pattern tried some fifty words at every position of the names. The words are read from the pattern itself, so the
    /// two can't drift apart; a pattern with any other kind of alternative is always run as it is.
    /// </summary>
    internal static bool IsNamedUnlikely(string names) =>
        UnlikelyWords is { } words && Ascii.IsValid(names)
            ? names.AsSpan().IndexOfAny(words) >= 0 || (UnlikelyHasAdWord && HasAdWord(names))
            : Unlikely().IsMatch(names);

    /// <summary>The pattern alone, for the test that holds the fast path to it.</summary>
    internal static bool IsNamedUnlikelyByPattern(string names) => Unlikely().IsMatch(names);

    private const string AdWord = @"\bads?\b";

    private static readonly bool UnlikelyHasAdWord = Unlikely().ToString().Split('|').Contains(AdWord);

    internal static readonly SearchValues<string>? UnlikelyWords = PlainWords(Unlikely().ToString().Split('|'));

    private static SearchValues<string>? PlainWords(string[] alternatives)
    {
        var words = alternatives.Where(a => a != AdWord).ToArray();
        return words.All(w => w.Length > 0 && w.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            ? SearchValues.Create(words, StringComparison.OrdinalIgnoreCase)
            : null;
    }

    /// <summary>"ad" or "ads" as a word of its own (<c>\bads?\b</c> on ASCII text): in "ad-slot" and "top ads", not in "top_ads" or "head".</summary>
    private static bool HasAdWord(string names)
    {
        for (var i = 0; i + 1 < names.Length; i++)
        {
            if ((names[i] | 0x20) != 'a' || (names[i + 1] | 0x20) != 'd' || (i > 0 && IsWordChar(names[i - 1]))) continue;
            var end = i + 2;
            if (end < names.Length && (names[end] | 0x20) == 's') end++;
            if (end == names.Length || !IsWordChar(names[end])) return true; // after "ads", "ad" alone is no word either
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>
    /// Names of chrome inside the article's container: share bars, bylines, related links, captions.
    /// Matched per class token: "post-tags" and "entry-meta" are chrome, but WordPress's
    /// "tag-politics" and "category-news" on the article element itself are not.
    /// </summary>
    // Only these exact names hide an element; "field-label-hidden" names a field whose label is hidden.
    private static readonly HashSet<string> HiddenTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "hidden", "is-hidden", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text", "screenreader-only", "d-none",
    };

    public static bool IsChrome(IElement element)
    {
        if (element.LocalName is "article" or "main" or "body") return false;
        var names = Names(element);
        if (names.Length == 0 || Content().IsMatch(names)) return false;
        foreach (var token in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (ChromeToken().IsMatch(token) || ChromeSuffix().IsMatch(token) || HiddenTokens.Contains(token)) return true;
        return false;
    }

    /// <summary>
    /// A short block that is a stock phrase rather than prose ("Advertisement", "Read more", "Share this"),
    /// including the filing line and the legal line blog engines put under a post ("This entry was
    /// posted in...", "© 2025 ...").
    /// </summary>
    public static bool IsStockPhrase(string text) => text.Length < 100 && StockPhrase().IsMatch(text);

    /// <summary>A byline, credit or date line ("By Jane Doe", "March 3, 2025") that a page marked up as a heading.</summary>
    public static bool IsCreditLine(string text) => text.Length < 60 && (CreditLine().IsMatch(text) || DateLine().IsMatch(text));

    /// <summary>
    /// Whether a class or id token names a slideshow ("full-gallery", "photo-carousel").
    /// </summary>
    public static bool IsNamedForSlides(IElement element) => HasToken(element, static token => SlidesToken().IsMatch(token));

    /// <summary>Whether a whole class or id token names an author's bio box or the site's credit line ("about_author", "author-bio", "credit").</summary>
    public static bool IsAuthorBoxOrCredit(IElement element) => HasToken(element, static token => AuthorBoxOrCreditToken().IsMatch(token));

    /// <summary>Whether a class or id token names a sidebar or a footer ("sidebar", "footer-widgets", "site-footer"), and not also the content.</summary>
    public static bool IsSideRegion(IElement element) =>
        HasToken(element, static token => SideRegionToken().IsMatch(token) && !MaybeContent().IsMatch(token)); // not "content-sidebar-wrap"

    private static bool HasToken(IElement element, Func<string, bool> match)
    {
        foreach (var token in Names(element).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (match(token)) return true;
        return false;
    }

    /// <summary>Whether the element's class or id says it is the article body.</summary>
    public static bool IsNamedContent(IElement element) => Content().IsMatch(Names(element));

    public static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden") || element.GetAttribute("aria-hidden") == "true") return true;
        var style = element.GetAttribute("style");
        return style is not null && HiddenStyle().IsMatch(style);
    }

    /// <summary>The element's class and id, space-separated: what the name checks read.</summary>
    public static string Names(IElement element)
    {
        var className = element.GetAttribute("class");
        var id = element.Id;
        return string.IsNullOrEmpty(id) ? className ?? "" : string.IsNullOrEmpty(className) ? id : className + " " + id;
    }

    [GeneratedRegex(@"comment|disqus|respond|reply|sidebar|side-bar|footer|copyright|masthead|site-header|navbar|menu|breadcrumb|cookie|consent|gdpr|newsletter|subscribe|signup|sign-up|popup|modal|overlay|tooltip|popover|hovercard|rollover|banner|sponsor|promo|advert|\bads?\b|ad-slot|adslot|-ad-|outbrain|taboola|related|recommend|more-stories|most-read|most-popular|trending|share|social|pagination|pager", RegexOptions.IgnoreCase)]
    private static partial Regex Unlikely();

    [GeneratedRegex(@"^([a-z0-9]+[-_])*(gallery|slideshow|carousel|slider|slides?)([-_][a-z0-9]+)*$", RegexOptions.IgnoreCase)]
    private static partial Regex SlidesToken();

    [GeneratedRegex(@"^([a-z0-9]+[-_])*(sidebar|side-bar|sidebars|footer|footer-widgets)([-_][a-z0-9]+)*$", RegexOptions.IgnoreCase)]
    private static partial Regex SideRegionToken();

    [GeneratedRegex(@"^(about[-_]?(the[-_])?author|author[-_]?(bio|box|info|details)|authorbox|bio|biography|credits?|site[-_]?credits?)$", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorBoxOrCreditToken();

    [GeneratedRegex(@"article|body|content|main|story|entry|post-text|post-body|column", RegexOptions.IgnoreCase)]
    private static partial Regex MaybeContent();

    [GeneratedRegex(@"^(comments?|comment-list|commentlist|comment-\d+|comments-area|comment-respond|respond|disqus_thread|replies|trackbacks?|trackbacks-info|pingbacks?|pingback-list)$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentToken();

    // Words that mark chrome wherever they stand in a class token ("share-bar", "top-share", "related_posts").
    [GeneratedRegex(@"^([a-z0-9]+[-_])*(share|sharing|sharebar|social|related|recommended|recommendations|comments?|advert|advertisement|ads?|adslot|sponsored|promo|newsletter|subscribe|subscription|signup|breadcrumbs?|caption|credits?|toolbar|outbrain|taboola|disqus|paywall|popup|modal|cookie|consent|gallery|slideshow|carousel|lightbox)([-_][a-z0-9]+)*$", RegexOptions.IgnoreCase)]
    private static partial Regex ChromeToken();

    // Words that mark chrome only as the whole token or its last part ("byline", "post-tags", "entry-meta"),
    // because as a first part they often name a kind of content ("tag-politics", "author-jane", "meta-data").
    [GeneratedRegex(@"^([a-z0-9]+[-_])*(byline|bylines|author|authors|author-bio|author-box|authorbox|author-info|about-the-author|about-author|autor|auteur|autore|bio|dateline|timestamp|date|meta|tags|tag-list|tags-links|topics|keywords|categories|cat-links|tools|print|read-more|more-link|see-also|also-read|most-read|popular|trending|skip-link|nav|navigation|menu|footer|disclaimer)$", RegexOptions.IgnoreCase)]
    private static partial Regex ChromeSuffix();

    [GeneratedRegex(@"(^|[\s_-])(article-?body|articleBody|entry-content|post-content|post-body|story-body|story-content|article-content|article-text|body-text|main-content|content-body|rich-text|prose)($|[\s_-])", RegexOptions.IgnoreCase)]
    private static partial Regex Content();

    [GeneratedRegex(@"^(advertisement|advertising|advert|sponsored( content)?|ad|story continues below|continue reading|read more|read next|read also|see also|related:?|more:|share( this( article| story)?)?|tweet|email|print|comments?|subscribe|sign up|log ?in|follow us|click here|skip to content|all rights reserved|getty images|image:|photo:|credit:|this entry was posted|this (post|article|story) was (posted|filed|published)|posted in|filed (under|in)|tagged( with| as)?:?|bookmark the permalink|categories:|tags:)\b|^(©|\(c\)\s)", RegexOptions.IgnoreCase)]
    private static partial Regex StockPhrase();

    [GeneratedRegex(@"^(by|posted by|written by|words by|photos? by|photographs? by|published|posted|updated|last updated)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreditLine();

    // A date as most of the line: "March 3, 2025", "3 March 2025", "2025-03-03", "03/03/2025 10:15 AM".
    [GeneratedRegex(@"^\W*((mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{1,2}(st|nd|rd|th)? (of )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b[\d: apmAPMutcUTC.,-]*$", RegexOptions.IgnoreCase)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^(c[-_]?\d{3,}|(com|cmt|comm|comment|reply)[-_]?\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentId();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();
}
