using FeedHub.Core.Fetching;
using FeedHub.Scheduling;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Cluster;

/// <summary>
/// Two <see cref="ClusterHostGate"/>s on one PostgreSQL database stand for two workers: an origin's request slots and its
/// Retry-After are shared between them, and a worker that goes away frees its slots at once.
/// </summary>
public sealed class ClusterHostGateTests
{
    private const string Origin = "news.example.org:443";

    [SkippableFact]
    public async Task The_per_origin_limit_holds_across_workers_and_a_gone_worker_frees_its_slots()
    {
        var database = await DatabaseAsync();
        await using var first = new ClusterHostGate(database, maxConcurrent: 10, maxPerHost: 2, TimeProvider.System);
        var second = new ClusterHostGate(database, maxConcurrent: 10, maxPerHost: 2, TimeProvider.System);
        try
        {
            var a = await second.EnterAsync(Origin, CancellationToken.None);
            _ = await second.EnterAsync(Origin, CancellationToken.None); // held until the second worker goes away
            var waiting = first.EnterAsync(Origin, CancellationToken.None); // both slots are the other worker's
            await Task.Delay(500);
            Assert.False(waiting.IsCompleted);
            await using (await first.EnterAsync("other.example.org:443", CancellationToken.None)) { } // another origin is not held up

            await a.DisposeAsync();
            await using (await waiting.WaitAsync(TimeSpan.FromSeconds(5))) { }

            var c = await first.EnterAsync(Origin, CancellationToken.None);
            var third = first.EnterAsync(Origin, CancellationToken.None);
            await Task.Delay(500);
            Assert.False(third.IsCompleted); // the second worker's other slot and c hold the two
            await second.DisposeAsync(); // the worker goes away without giving its slot back: PostgreSQL frees its lock
            await using (await third.WaitAsync(TimeSpan.FromSeconds(5))) { }
            await c.DisposeAsync();
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_retry_after_heard_by_one_worker_holds_for_the_others()
    {
        var database = await DatabaseAsync();
        await using var first = new ClusterHostGate(database, 10, 2, TimeProvider.System);
        await using var second = new ClusterHostGate(database, 10, 2, TimeProvider.System);

        Assert.Null(await second.FindRetryAfterAsync(Origin, CancellationToken.None));
        var until = await first.RecordRetryAfterAsync(Origin, TimeSpan.FromMinutes(10), CancellationToken.None);
        var seen = await second.FindRetryAfterAsync(Origin.ToUpperInvariant(), CancellationToken.None); // host names are case-blind
        Assert.NotNull(seen);
        Assert.InRange(seen.Value - until, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        // A shorter wait heard later does not shorten the longer one.
        await second.RecordRetryAfterAsync(Origin, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(await first.FindRetryAfterAsync(Origin, CancellationToken.None) > DateTimeOffset.UtcNow.AddMinutes(9));
        Assert.Null(await first.FindRetryAfterAsync("other.example.org:443", CancellationToken.None));
    }

    private static async Task<string> DatabaseAsync()
    {
        var database = Postgres.CreateDatabase();
        await ClusterSchema.MigrateAsync(database, CancellationToken.None); // cluster_host_waits
        return database;
    }
}
