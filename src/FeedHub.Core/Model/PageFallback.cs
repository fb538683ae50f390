namespace FeedHub.Core.Model;

/// <summary>Why a page's extraction is not kept; the reason label of the extraction fallback counter.</summary>
public enum PageFallback
{
    NotFetched,
    TooLittleText,
    /// <summary>The markup nests too deep, or holds too many elements side by side or attributes on one element.</summary>
    TooComplex,
    /// <summary>The extraction ran out of its time budget (Polling.ExtractionTimeout).</summary>
    TooSlow,
    /// <summary>The site's robots.txt disallows the page, or could not be read.</summary>
    RefusedByRobotsTxt,
}
