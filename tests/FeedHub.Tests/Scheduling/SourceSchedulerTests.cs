using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using FeedHub.Scheduling;
using FeedHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace FeedHub.Tests.Scheduling;

/// <summary>
/// SourceScheduler against a real Quartz scheduler (its in-memory job store, never started, so that nothing fires and
/// the jobs and triggers can be read as they were stored), a real SQLite store for the sources' state, and a fake
/// clock for the first checks. The jobs are what a worker would poll: one per enabled source, keyed by its id.
/// </summary>
public sealed class SourceSchedulerTests : IAsyncLifetime, IDisposable
{
    private const string PollGroup = "poll";

    private readonly TempDirectory dir = new();

    // The real clock's now, so that no stored trigger is already overdue for Quartz; whole seconds, as Quartz keeps them.
    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private readonly List<IDisposable> owned = [];
    private StandaloneSchedulerFactory factory = null!;
    private IScheduler quartz = null!;

    private sealed record Configured(string Id, string Url, string Interval = "00:30:00", bool Enabled = true);

    public async Task InitializeAsync()
    {
        factory = QuartzSchedulerBuilder.Create(q => q.ConfigureScheduler(o => o.InstanceName = "tests-" + Guid.NewGuid().ToString("N"))).Build();
        quartz = await factory.GetScheduler();
    }

    public Task DisposeAsync() => factory.DisposeAsync().AsTask();

    public void Dispose()
    {
        foreach (var item in owned) item.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task Start_schedules_one_job_per_enabled_source_with_its_url_and_interval_and_none_for_a_paused_one()
    {
        var scheduler = Scheduler(Write(
            new Configured("a", "http://127.0.0.1:9/a.xml", "00:30:00"),
            new Configured("b", "http://127.0.0.1:9/b.xml", "01:00:00"),
            new Configured("paused", "http://127.0.0.1:9/p.xml", Enabled: false)));

        await scheduler.StartAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], await PollJobsAsync());
        Assert.Equal(("http://127.0.0.1:9/a.xml", "00:30:00"), await JobDataAsync("a"));
        Assert.Equal(("http://127.0.0.1:9/b.xml", "01:00:00"), await JobDataAsync("b"));
        // The first check comes within the first seconds (a jitter of at most 15 s, spreading sources), not an interval later.
        var first = await NextCheckAsync("a");
        Assert.InRange(first, time.GetUtcNow(), time.GetUtcNow().AddSeconds(15));
        Assert.True(await quartz.Exists(new TriggerKey("purge")), "the daily purge is scheduled with the sources");
    }

    [Fact]
    public async Task A_source_the_store_disabled_gets_no_job_until_its_configured_url_changes()
    {
        var path = Write(new Configured("gone", "http://127.0.0.1:9/gone.xml"), new Configured("ok", "http://127.0.0.1:9/ok.xml"));
        var configuration = FeedHubConfiguration.Load(path);
        SaveState(configuration, "gone", state =>
        {
            state.DisabledReason = "410 Gone";
            state.DisabledUrl = new Uri("http://127.0.0.1:9/gone.xml");
        });
        var scheduler = Scheduler(path);

        await scheduler.StartAsync(CancellationToken.None);
        Assert.Equal(["ok"], await PollJobsAsync());

        // The operator points the source elsewhere: it is polled again.
        var moved = FeedHubConfiguration.Load(Write(
            new Configured("gone", "http://127.0.0.1:9/moved.xml"), new Configured("ok", "http://127.0.0.1:9/ok.xml")));
        await scheduler.SyncAsync(moved, CancellationToken.None);
        Assert.Equal(["gone", "ok"], await PollJobsAsync());
        Assert.Equal(("http://127.0.0.1:9/moved.xml", "00:30:00"), await JobDataAsync("gone"));
    }

    [Fact]
    public async Task A_change_adds_new_sources_removes_gone_and_paused_ones_moves_a_changed_one_and_keeps_the_rest()
    {
        var scheduler = Scheduler(Write(
            new Configured("kept", "http://127.0.0.1:9/kept.xml"),
            new Configured("slower", "http://127.0.0.1:9/slower.xml", "00:30:00"),
            new Configured("removed", "http://127.0.0.1:9/removed.xml"),
            new Configured("paused", "http://127.0.0.1:9/paused.xml")));
        await scheduler.StartAsync(CancellationToken.None);
        var keptAt = await NextCheckAsync("kept");

        time.Advance(TimeSpan.FromMinutes(5));
        var changed = FeedHubConfiguration.Load(Write(
            new Configured("kept", "http://127.0.0.1:9/kept.xml"),
            new Configured("slower", "http://127.0.0.1:9/slower.xml", "02:00:00"),
            new Configured("paused", "http://127.0.0.1:9/paused.xml", Enabled: false),
            new Configured("added", "http://127.0.0.1:9/added.xml")));
        await scheduler.SyncAsync(changed, CancellationToken.None);

        Assert.Equal(["added", "kept", "slower"], await PollJobsAsync());
        Assert.Equal(("http://127.0.0.1:9/slower.xml", "02:00:00"), await JobDataAsync("slower"));
        Assert.True(await NextCheckAsync("slower") >= time.GetUtcNow(), "the changed source's check is counted from the change");
        Assert.True(await NextCheckAsync("added") >= time.GetUtcNow());
        Assert.Equal(keptAt, await NextCheckAsync("kept")); // an unchanged source keeps its pending check
        Assert.False(await quartz.Exists(new TriggerKey("removed", PollGroup)));
    }

    /// <summary>
    /// The jobs outlive the process when the job store does (a cluster's PostgreSQL store): a new SourceScheduler over the
    /// same scheduler, with the file as it is at its start, compares each stored job's url and interval with the
    /// configuration and moves only what differs.
    /// </summary>
    [Fact]
    public async Task A_restart_over_stored_jobs_reconciles_them_by_the_url_and_interval_in_their_job_data()
    {
        await Scheduler(Write(
            new Configured("same", "http://127.0.0.1:9/same.xml"),
            new Configured("moved", "http://127.0.0.1:9/old.xml"),
            new Configured("faster", "http://127.0.0.1:9/faster.xml", "01:00:00"),
            new Configured("fired", "http://127.0.0.1:9/fired.xml"),
            new Configured("dropped", "http://127.0.0.1:9/dropped.xml"))).StartAsync(CancellationToken.None);
        var sameAt = await NextCheckAsync("same");
        // The one-shot trigger of "fired" has fired and its poll ended without a next check (the process stopped).
        await quartz.UnscheduleJob(new TriggerKey("fired", PollGroup));
        Assert.NotNull(await quartz.GetJobDetail(new JobKey("fired", PollGroup)));

        time.Advance(TimeSpan.FromMinutes(10));
        var restarted = Scheduler(Write(
            new Configured("same", "http://127.0.0.1:9/same.xml"),
            new Configured("moved", "http://127.0.0.1:9/new.xml"),
            new Configured("faster", "http://127.0.0.1:9/faster.xml", "00:15:00"),
            new Configured("fired", "http://127.0.0.1:9/fired.xml")));
        await restarted.StartAsync(CancellationToken.None);

        Assert.Equal(["faster", "fired", "moved", "same"], await PollJobsAsync());
        Assert.Equal(sameAt, await NextCheckAsync("same"));
        Assert.Equal(("http://127.0.0.1:9/new.xml", "00:30:00"), await JobDataAsync("moved"));
        Assert.Equal(("http://127.0.0.1:9/faster.xml", "00:15:00"), await JobDataAsync("faster"));
        foreach (var id in new[] { "moved", "faster", "fired" })
            Assert.InRange(await NextCheckAsync(id), time.GetUtcNow(), time.GetUtcNow().AddSeconds(15));
    }

    [Theory]
    [InlineData(10, 10)] // due in 10 minutes: then, so that a restart does not poll a source early
    [InlineData(300, 30)] // due in 5 hours (backoff) but the interval is 30 minutes: no later than one interval from now
    public async Task The_first_check_is_when_the_store_says_the_source_is_due_but_no_later_than_one_interval(int dueInMinutes, int expectedInMinutes)
    {
        var path = Write(new Configured("a", "http://127.0.0.1:9/a.xml", "00:30:00"));
        SaveState(FeedHubConfiguration.Load(path), "a", state => state.NextCheckAt = time.GetUtcNow().AddMinutes(dueInMinutes));

        await Scheduler(path).StartAsync(CancellationToken.None);

        Assert.Equal(time.GetUtcNow().AddMinutes(expectedInMinutes), await NextCheckAsync("a"));
    }

    [Fact]
    public async Task The_first_check_of_a_source_overdue_in_the_store_is_within_the_first_seconds()
    {
        var path = Write(new Configured("a", "http://127.0.0.1:9/a.xml", "00:30:00"));
        SaveState(FeedHubConfiguration.Load(path), "a", state => state.NextCheckAt = time.GetUtcNow().AddHours(-3));

        await Scheduler(path).StartAsync(CancellationToken.None);

        Assert.InRange(await NextCheckAsync("a"), time.GetUtcNow(), time.GetUtcNow().AddSeconds(15));
    }

    [Fact]
    public async Task After_a_poll_the_next_check_moves_the_trigger_and_none_or_a_source_no_longer_enabled_removes_the_job()
    {
        var scheduler = Scheduler(Write(new Configured("a", "http://127.0.0.1:9/a.xml"), new Configured("b", "http://127.0.0.1:9/b.xml")));
        await scheduler.StartAsync(CancellationToken.None);

        var next = time.GetUtcNow().AddMinutes(42);
        await scheduler.ScheduleNextAsync("a", next, CancellationToken.None);
        Assert.Equal(next, await NextCheckAsync("a"));

        await scheduler.ScheduleNextAsync("a", null, CancellationToken.None); // e.g. the source answered 410 Gone
        await scheduler.ScheduleNextAsync("not-configured", time.GetUtcNow().AddMinutes(1), CancellationToken.None);
        Assert.Equal(["b"], await PollJobsAsync());
    }

    private SourceScheduler Scheduler(string configPath)
    {
        var configuration = FeedHubConfiguration.Load(configPath);
        var services = TestConfig.Services(configuration);
        owned.Add(services);
        services.GetRequiredService<Database>().Migrate();
        var live = new LiveConfiguration(configuration, NullLogger<LiveConfiguration>.Instance);
        owned.Add(live);
        return new SourceScheduler(factory, live, services.GetRequiredService<SourceStore>(), time, NullLogger<SourceScheduler>.Instance);
    }

    /// <summary>Stores a state for source <paramref name="id"/> as a poll would have left it.</summary>
    private static void SaveState(FeedHubConfiguration configuration, string id, Action<SourceState> change)
    {
        using var services = TestConfig.Services(configuration);
        var database = services.GetRequiredService<Database>();
        database.Migrate();
        var state = SourceState.New(id);
        change(state);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        SourceStore.Save(transaction, configuration.EnabledSources().Single(s => s.Id == id), state);
        transaction.Commit();
    }

    /// <summary>Writes feedhub.json (one section, a store in the test's folder) with these sources; returns its path.</summary>
    private string Write(params Configured[] sources) => dir.Write("feedhub.json", JsonSerializer.Serialize(new
    {
        Store = new { Path = dir.File("feedhub.db") },
        Sections = new[] { new { Slug = TestConfig.Section, Name = "World Defense" } },
        Sources = sources.Select(s => new { s.Id, s.Url, Sections = new[] { TestConfig.Section }, s.Interval, s.Enabled }),
    }));

    private async Task<List<string>> PollJobsAsync() =>
        (await quartz.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(PollGroup))).Select(k => k.Name).Order(StringComparer.Ordinal).ToList();

    private async Task<(string? Url, string? Interval)> JobDataAsync(string id)
    {
        var job = await quartz.GetJobDetail(new JobKey(id, PollGroup)) ?? throw new InvalidOperationException($"no job for {id}");
        return (job.JobDataMap.GetString("url"), job.JobDataMap.GetString("interval"));
    }

    private async Task<DateTimeOffset> NextCheckAsync(string id)
    {
        var trigger = Assert.Single(await quartz.GetTriggersOfJob(new JobKey(id, PollGroup)));
        return trigger.StartTimeUtc;
    }
}
