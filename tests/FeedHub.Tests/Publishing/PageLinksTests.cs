using FeedHub.Core.Publishing;
using Microsoft.AspNetCore.WebUtilities;

namespace FeedHub.Tests.Publishing;

/// <summary>
/// A next link is the self link with before= set. FeedHub built it with ASP.NET Core's QueryHelpers before the feed
/// moved to Core (which has no web dependency); the links readers follow must not change, so every query here is
/// checked against what QueryHelpers makes of it.
/// </summary>
public sealed class PageLinksTests
{
    [Theory]
    [InlineData("")]
    [InlineData("?limit=5")]
    [InlineData("?before=2025-01-01T00:00:00Z~old&limit=5")]
    [InlineData("?BEFORE=old&limit=5")]
    [InlineData("?section=a&limit=5&section=b")]
    [InlineData("?Section=a&section=b&SECTION=c")]
    [InlineData("?q=war+peace&format=rss")]
    [InlineData("?q=%22quoted%22%20words&x=%2B1")]
    [InlineData("?q=caf%C3%A9&name=%E2%80%9Cfancy%E2%80%9D")]
    [InlineData("?q=%zz&bad=%E2%80&lone=%")]
    [InlineData("?&&empty=&flag&=nameless&a=b=c")]
    [InlineData("?q=<script>&amp;x='1'")]
    public void The_next_link_is_the_one_QueryHelpers_made(string query)
    {
        var self = new Uri("http://feeds.example/base/feeds" + query);
        var cursor = "2025-03-21T09:14:00Z~a1b2 c3+d";

        var expected = Expected(self, cursor);
        var actual = PageLinks.With(self, "before", cursor);

        Assert.Equal(expected.AbsoluteUri, actual.AbsoluteUri);
        Assert.Equal(expected.OriginalString, actual.OriginalString);
    }

    /// <summary>The way SectionFeeds built a next link before, verbatim.</summary>
    private static Uri Expected(Uri self, string cursor)
    {
        var query = QueryHelpers.ParseQuery(self.Query);
        query["before"] = cursor;
        var path = self.GetLeftPart(UriPartial.Path);
        return new Uri(QueryHelpers.AddQueryString(path, query));
    }
}
