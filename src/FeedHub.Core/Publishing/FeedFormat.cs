namespace FeedHub.Core.Publishing;

/// <summary>The formats FeedHub publishes, by the extension of their URL.</summary>
public enum FeedFormat
{
    Atom,
    Rss,
    Json,
}
