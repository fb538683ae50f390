using FeedHub.Core.Storage;
using Quartz;

namespace FeedHub.Http;

internal static class Health
{
    /// <summary>GET /healthz: the process is up and answering.</summary>
    public static IResult Alive() => TypedResults.Text("ok\n", "text/plain; charset=utf-8");

    /// <summary>GET /readyz: the store opens and is at this build's schema, and the scheduler is running.</summary>
    public static async Task<IResult> Ready(Database database, ISchedulerFactory schedulers, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        try
        {
            var version = database.ReadVersion();
            if (version != Database.LatestVersion) problems.Add($"store at schema version {version}, expected {Database.LatestVersion}");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            problems.Add("store can't be read: " + e.Message);
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        if (status != SchedulerStatus.Running) problems.Add($"scheduler {status.ToString().ToLowerInvariant()}, not running");
        return problems.Count == 0
            ? TypedResults.Text("ready\n", "text/plain; charset=utf-8")
            : TypedResults.Text("not ready: " + string.Join("; ", problems) + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
