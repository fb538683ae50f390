namespace FeedHub.Http;

internal static class Health
{
    /// <summary>GET /healthz: the process is up and answering.</summary>
    public static IResult Alive() => TypedResults.Text("ok\n", "text/plain; charset=utf-8");
}
