using FeedHub.Core.Storage;
using FeedHub.Scheduling;
using Microsoft.AspNetCore.Mvc;
using Quartz;

namespace FeedHub.Http;

internal static class Health
{
    /// <summary>GET /healthz: the process is up and answering.</summary>
    public static IResult Alive() => TypedResults.Text("ok\n", "text/plain; charset=utf-8");

    /// <summary>
    /// GET /readyz: the store opens and is at this build's schema, and the scheduler is running. In a cluster also:
    /// PostgreSQL answers, this worker is a member (its check-in is recent in Quartz's scheduler state), and its
    /// sources and sections are the cluster's (<see cref="ClusterMembership.Problem"/>).
    /// </summary>
    public static async Task<IResult> Ready(Database database, ISchedulerFactory schedulers, WorkerIdentity worker,
        [FromServices] ClusterMembership? cluster, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        try
        {
            var version = database.ReadVersion();
            if (version != Database.LatestVersion) problems.Add($"store at schema version {version}, expected {Database.LatestVersion}");
        }
        catch (System.Data.Common.DbException e)
        {
            problems.Add("store can't be read: " + e.Message);
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        if (cluster is not null) problems.AddRange(await ClusterProblemsAsync(scheduler, worker, cluster, cancellationToken));
        else if (status != SchedulerStatus.Running) problems.Add($"scheduler {status.ToString().ToLowerInvariant()}, not running");
        return problems.Count == 0
            ? TypedResults.Text("ready\n", "text/plain; charset=utf-8")
            : TypedResults.Text("not ready: " + string.Join("; ", problems) + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<List<string>> ClusterProblemsAsync(IScheduler scheduler, WorkerIdentity worker,
        ClusterMembership cluster, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (cluster.Problem is { } problem) problems.Add(problem);
        var status = await scheduler.GetStatus(cancellationToken);
        // A scheduler not started or on standby is the answer to a configuration that differs, already said above.
        if (cluster.Problem is null && status != SchedulerStatus.Running) problems.Add($"scheduler {status.ToString().ToLowerInvariant()}, not running");
        try
        {
            var nodes = await scheduler.QueryClusterNodes(cancellationToken);
            var self = nodes.FirstOrDefault(n => n.IsCurrentNode);
            if (self is null || self.LastCheckInUtc is not { } last)
                problems.Add($"worker {worker.Id} has not checked in to the cluster yet");
            else if (DateTimeOffset.UtcNow - last > 2 * self.CheckInInterval + TimeSpan.FromSeconds(1))
                problems.Add($"worker {worker.Id} last checked in to the cluster at {last:O}, more than two check-in intervals ago");
        }
        catch (Exception e) when (e is SchedulerException or Npgsql.NpgsqlException)
        {
            problems.Add("the cluster's job store can't be read: " + e.Message);
        }
        return problems;
    }

    /// <summary>feedhub_worker_info{worker, mode} 1: which worker a scrape came from, so a cluster's series stay apart.</summary>
    public static void PublishWorker(WorkerIdentity worker) =>
        Prometheus.Metrics.CreateGauge("feedhub_worker_info", "This process: its worker id (Quartz instance id) and whether it is one of a cluster",
            "worker", "mode").WithLabels(worker.Id, worker.IsClustered ? "cluster" : "single").Set(1);
}
