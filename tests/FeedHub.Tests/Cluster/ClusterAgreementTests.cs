using System.Net;
using System.Text.Json;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Cluster;

/// <summary>
/// One configuration for the cluster: a worker started with other sources than the cluster's says so in /readyz and its
/// log and takes no polls; once its file matches it joins; a change of the file both workers read is applied once.
/// </summary>
public sealed class ClusterAgreementTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly List<ClusterWorker> workers = [];
    private FeedFarm farm = null!;
    private string database = null!;

    public async Task InitializeAsync()
    {
        database = Postgres.CreateDatabase();
        farm = await FeedFarm.StartAsync(feeds: 6, itemsPerFeed: 1);
    }

    [SkippableFact]
    public async Task A_worker_with_other_sources_stands_by_until_its_file_matches()
    {
        var shared = WriteConfig("cluster.json", feeds: 5);
        var other = WriteConfig("other.json", feeds: 6); // one source more than the cluster's
        var a = Start("worker-a", shared);
        await a.WaitReadyAsync(TimeSpan.FromSeconds(30));
        var b = Start("worker-b", other);

        var text = await Eventually.GetAsync(async () => await b.ReadyAsync() is { Status: HttpStatusCode.ServiceUnavailable } answer ? answer.Text : null);
        Assert.Contains("this worker's sources and sections", text);
        Assert.Contains("differ from the cluster's", text);
        Assert.Contains(b.Log, line => line.Contains("differ from the cluster's", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(4)); // two polls of every source (interval 2 s)
        Assert.DoesNotContain(farm.Requests, r => r.Worker == "worker-b");
        Assert.DoesNotContain(farm.Requests, r => r.Path == "/feed/5.xml"); // the other file's extra source is not the cluster's
        Assert.Contains(farm.Requests, r => r.Path == "/feed/0.xml");

        // Its file now says what the cluster's says: it joins.
        File.Copy(shared, other, overwrite: true);
        await b.WaitReadyAsync(TimeSpan.FromSeconds(20));

        // A change that both read reaches the cluster once: one of them applies it, and the new source is polled.
        var applied = AppliedLines();
        var changed = File.ReadAllText(WriteConfig("next.json", feeds: 6));
        File.WriteAllText(shared, changed);
        File.WriteAllText(other, changed);
        await Eventually.TrueAsync(() => farm.Requests.Any(r => r.Path == "/feed/5.xml"));
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for a second application, were there one
        Assert.Equal(applied + 1, AppliedLines());
        foreach (var worker in workers) Assert.Equal(HttpStatusCode.OK, (await worker.ReadyAsync())?.Status);
    }

    private int AppliedLines() => workers.Sum(w => w.Log.Count(l => l.Contains("applied configuration", StringComparison.Ordinal)));

    private ClusterWorker Start(string name, string config)
    {
        var worker = ClusterWorker.Start(name, config, dir.Path);
        workers.Add(worker);
        return worker;
    }

    private string WriteConfig(string name, int feeds) => dir.Write(name, JsonSerializer.Serialize(new
    {
        Store = new { Provider = "postgres", ConnectionString = database, Path = dir.File("feedhub.db") },
        Cluster = new { CheckinInterval = "00:00:01" },
        Http = new { Url = "http://127.0.0.1:0" },
        Polling = new { MinInterval = "00:00:01" },
        Network = new { AllowedNetworks = new[] { "127.0.0.0/8" } },
        Sections = new[] { new { Slug = "news", Name = "News" } },
        Sources = Enumerable.Range(0, feeds).Select(f => new { Id = $"s{f}", Url = farm.FeedUrl(f).AbsoluteUri, Sections = new[] { "news" }, Interval = "00:00:02" }),
        Logging = new { LogLevel = new { Default = "Warning", FeedHub = "Information" } },
    }));

    public async Task DisposeAsync()
    {
        foreach (var worker in workers) await worker.DisposeAsync();
        await farm.DisposeAsync();
    }

    public void Dispose() => dir.Dispose();
}
