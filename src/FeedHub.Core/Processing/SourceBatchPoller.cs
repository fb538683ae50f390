using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;

namespace FeedHub.Core.Processing;

/// <summary>
/// Polls many sources now, as the scheduler would: up to <see cref="PollingOptions.MaxConcurrentPolls"/> at once, each
/// through <see cref="SourcePoller"/>, so with the limits every poll shares (requests in flight in all and per host,
/// Retry-After per origin, one extraction per core). The scheduler gives Quartz as many threads; `feedhub refresh` and
/// the ingest benchmark poll through here.
/// </summary>
public sealed class SourceBatchPoller(SourcePoller poller, PollingOptions options)
{
    /// <summary>Each source's outcome, and how long its poll took, as the polls finish (not in the order given).</summary>
    public async IAsyncEnumerable<(Source Source, PollOutcome Outcome, TimeSpan Elapsed)> PollAllAsync(
        IReadOnlyList<Source> sources, bool force, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var finished = Channel.CreateUnbounded<(Source, PollOutcome, TimeSpan)>();
        var polling = PollIntoAsync(sources, force, finished.Writer, cancellationToken);
        await foreach (var done in finished.Reader.ReadAllAsync(cancellationToken))
            yield return done;
        await polling;
    }

    private async Task PollIntoAsync(IReadOnlyList<Source> sources, bool force, ChannelWriter<(Source, PollOutcome, TimeSpan)> finished,
        CancellationToken cancellationToken)
    {
        try
        {
            await Parallel.ForEachAsync(sources,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentPolls, CancellationToken = cancellationToken },
                async (source, ct) =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var outcome = await poller.PollAsync(source, ct, force);
                    finished.TryWrite((source, outcome, Stopwatch.GetElapsedTime(started)));
                });
            finished.TryComplete();
        }
        catch (Exception e)
        {
            finished.TryComplete(e);
            throw;
        }
    }
}
