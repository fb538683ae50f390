namespace FeedHub.Core.Publishing;

/// <summary>Writes a feed document in one of the published formats.</summary>
public sealed class FeedWriter
{
    public byte[] Write(FeedDocument feed, FeedFormat format, DateTimeOffset now) => format switch
    {
        FeedFormat.Atom => AtomFeedWriter.Write(feed, now),
        FeedFormat.Rss => RssFeedWriter.Write(feed, now),
        _ => JsonFeedWriter.Write(feed, now),
    };
}
