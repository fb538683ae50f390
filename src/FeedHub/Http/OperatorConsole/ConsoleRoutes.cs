namespace FeedHub.Http.OperatorConsole;

/// <summary>The console's routes, all under /console: the sign-in outside the gate, everything else behind it.</summary>
internal static class ConsoleRoutes
{
    public static void MapConsole(this WebApplication app)
    {
        app.MapGet("/console/sign-in", ConsoleSession.SignInPage);
        app.MapPost("/console/sign-in", ConsoleSession.SignIn);
        app.MapGet(ConsoleHtml.StylePath, ConsoleHtml.Stylesheet);
        var console = app.MapGroup("/console").AddEndpointFilter(ConsoleSession.Gate).ExcludeFromDescription();
        console.MapGet("/", () => TypedResults.Redirect("/console/sources"));
        console.MapPost("/sign-out", (Delegate)ConsoleSession.SignOut);
        console.MapGet("/sources", ConsoleSources.List);
        console.MapGet("/sources/add", ConsoleSources.AddPage);
        console.MapPost("/sources/discover", ConsoleSources.Discover);
        console.MapPost("/sources", ConsoleSources.Save);
        console.MapGet("/sources/{id}", ConsoleSource.Show);
        console.MapPost("/sources/{id}/refresh", ConsoleSource.Refresh);
        console.MapPost("/sources/{id}/edit", ConsoleSource.Edit);
        console.MapPost("/sources/{id}/accept-move", ConsoleSource.AcceptMove);
        console.MapPost("/sources/{id}/remove", ConsoleSource.Remove);
        console.MapGet("/sections", ConsoleSections.List);
        console.MapPost("/sections", ConsoleSections.Add);
        console.MapGet("/sections/{slug}", ConsoleSections.Edit);
        console.MapPost("/sections/{slug}", ConsoleSections.Change);
        console.MapGet("/opml", ConsoleOpml.Show);
        console.MapGet("/opml/export", ConsoleOpml.Export);
        console.MapPost("/opml/import", ConsoleOpml.Import);
        console.MapGet("/articles/{id}", ConsoleArticles.Show);
        console.MapGet("/search", ConsoleArticles.Search);
    }
}
