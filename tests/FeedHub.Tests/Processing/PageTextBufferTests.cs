using FeedHub.Core.Processing;

namespace FeedHub.Tests.Processing;

/// <summary>
/// A page's text is decoded into a buffer its extraction thread keeps for the next page: one buffer per thread, the
/// largest it was given back up to a length, rather than a pool keeping several of every size (issue 18).
/// </summary>
public sealed class PageTextBufferTests
{
    [Fact]
    public void A_buffer_given_back_serves_the_next_page_on_its_thread_as_long_as_it_is_long_enough()
    {
        var buffers = new OneBufferPerThread(maxKeptLength: 1024 * 1024);
        var first = buffers.Rent(200_000);
        buffers.Return(first);

        var smaller = buffers.Rent(100_000);
        Assert.Same(first, smaller);
        buffers.Return(smaller);

        var larger = buffers.Rent(first.Length + 1);
        Assert.NotSame(first, larger);
        Assert.True(larger.Length > first.Length);
        buffers.Return(larger);
        Assert.Same(larger, buffers.Rent(10)); // the larger one is kept now, not both
        Assert.NotSame(first, buffers.Rent(10));
    }

    [Fact]
    public void Each_thread_keeps_its_own_buffer()
    {
        var buffers = new OneBufferPerThread(maxKeptLength: 1024 * 1024);
        var mine = buffers.Rent(100_000);
        buffers.Return(mine);

        char[]? other = null;
        var thread = new Thread(() => other = buffers.Rent(100_000));
        thread.Start();
        thread.Join();

        Assert.NotSame(mine, other);
        Assert.Same(mine, buffers.Rent(100_000));
    }

    [Fact]
    public void A_buffer_over_the_kept_length_is_let_go_and_a_shorter_one_does_not_replace_a_longer()
    {
        var buffers = new OneBufferPerThread(maxKeptLength: 256 * 1024);
        var kept = buffers.Rent(200_000);
        var huge = buffers.Rent(300_000);
        var small = buffers.Rent(1_000);
        buffers.Return(kept);
        buffers.Return(huge);
        buffers.Return(small);

        Assert.Same(kept, buffers.Rent(250_000));
        Assert.NotSame(huge, buffers.Rent(1_000)); // nothing kept now: the one kept was rented, the huge one let go
    }

    [Fact]
    public void A_page_decodes_into_the_buffer_its_thread_keeps()
    {
        using (var first = PageText.Decode("<p>café</p>"u8, "text/html; charset=utf-8"))
            Assert.Equal("<p>café</p>", new string(first.Span));
        char[] reused;
        using (var second = PageText.Decode("<p>naïve</p>"u8, "text/html; charset=utf-8"))
        {
            Assert.Equal("<p>naïve</p>", new string(second.Span));
            reused = second.Array;
        }
        using var third = PageText.Decode("<p>x</p>"u8, null);
        Assert.Same(reused, third.Array);
    }
}
