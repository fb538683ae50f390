using System.Text.Json;
using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;

namespace FeedHub.Http;

/// <summary>
/// POST /api/sources and DELETE /api/sources/{id} (API key): the same safe edit of the config file as
/// `feedhub sources add|remove`; the server then picks the change up like any edit.
/// </summary>
internal static class SourcesApi
{
    internal sealed record SourceChange(string? Name, string? Url, List<string>? Sections, string? Interval, bool? Enabled);

    internal sealed record DiscoverRequest(string? Url);

    internal sealed record NewSource(string? Id, string? Url, string? Name, List<string>? Sections, string? Interval, bool? Enabled, string? Kind);

    /// <summary>The API's field names, in any case as before; a field a source does not have is refused.</summary>
    private static readonly JsonSerializerOptions BodyJson = JsonBody.Strict(ApiJson.Options, caseInsensitive: true);

    public static async Task<IResult> Add(HttpRequest request, LiveConfiguration configuration, CancellationToken cancellationToken)
    {
        if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
        var (body, error) = await JsonBody.ReadAsync<NewSource>(request.Body, BodyJson, cancellationToken);
        if (error is not null) return Problem(StatusCodes.Status400BadRequest, error);
        if (body is not { Id: { } id, Url: { } url })
            return Problem(StatusCodes.Status400BadRequest, "id and url are required.");
        if (RefuseControlCharacters(("id", id), ("url", url), ("name", body.Name), ("kind", body.Kind)) is { } control) return control;
        TimeSpan? interval = null;
        if (body.Interval is { } text)
        {
            if (!FeedHubConfiguration.TryParseDuration(text, out var parsed)) // "3" is not three days, as in the file
                return Problem(StatusCodes.Status400BadRequest, $"interval '{text}' is not a duration such as 00:30:00.");
            interval = parsed;
        }
        try
        {
            SourcesFile.Add(configuration.Current.FilePath, new SourceOptions
            {
                Id = id, Url = url, Name = body.Name, Sections = body.Sections ?? [], Interval = interval, Enabled = body.Enabled ?? true,
                Kind = body.Kind,
            });
        }
        catch (ConfigurationException e)
        {
            var status = e.Problem == ConfigurationProblem.AlreadyExists ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Problem(status, e.Message);
        }
        catch (ConfigurationNotWritableException e)
        {
            return NotWritable(e);
        }
        configuration.Reload(); // in force now, not when the file watcher notices
        return TypedResults.Created($"/api/sources/{Uri.EscapeDataString(id)}", new CreatedSource(id, url));
    }

    public static IResult Remove(string id, HttpRequest request, LiveConfiguration configuration)
    {
        if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
        try
        {
            SourcesFile.Remove(configuration.Current.FilePath, id);
        }
        catch (ConfigurationException e) when (e.Problem == ConfigurationProblem.NotFound)
        {
            return Problem(StatusCodes.Status404NotFound, $"No source has the id '{id}'.");
        }
        catch (ConfigurationException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (ConfigurationNotWritableException e)
        {
            return NotWritable(e);
        }
        configuration.Reload();
        return TypedResults.NoContent();
    }

    /// <summary>PATCH /api/sources/{id} (API key): changes the fields given, as `feedhub sources edit` does; "interval": "default" removes the source's own.</summary>
    public static async Task<IResult> Edit(string id, HttpRequest request, LiveConfiguration configuration, CancellationToken cancellationToken)
    {
        if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
        var (body, error) = await JsonBody.ReadAsync<SourceChange>(request.Body, BodyJson, cancellationToken);
        if (error is not null || body is null) return Problem(StatusCodes.Status400BadRequest, error ?? "send the fields to change.");
        if (RefuseControlCharacters(("url", body.Url), ("name", body.Name)) is { } control) return control;
        TimeSpan? interval = null;
        if (body.Interval is { } text and not "default")
        {
            if (!FeedHubConfiguration.TryParseDuration(text, out var parsed))
                return Problem(StatusCodes.Status400BadRequest, $"interval '{text}' is not a duration such as 00:30:00.");
            interval = parsed;
        }
        try
        {
            SourcesFile.Edit(configuration.Current.FilePath, id, new SourceEdit
            {
                Name = body.Name, Url = body.Url, Sections = body.Sections, Interval = interval, ClearInterval = body.Interval == "default", Enabled = body.Enabled,
            });
        }
        catch (ConfigurationException e)
        {
            return Problem(e.Problem == ConfigurationProblem.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, e.Message);
        }
        catch (ConfigurationNotWritableException e)
        {
            return NotWritable(e);
        }
        configuration.Reload();
        return TypedResults.NoContent();
    }

    /// <summary>GET /api/sources/{id}/polls?limit=: the source's recent polls, newest first (table source_polls).</summary>
    public static IResult Polls(string id, HttpRequest request, LiveConfiguration configuration, PollHistory history)
    {
        if (configuration.Current.Catalog.Sources.All(s => s.Id != id)) return Problem(StatusCodes.Status404NotFound, $"No source has the id '{id}'.");
        if (!QueryParameters.TryLimit(request.Query, 50, out var limit, out var error)) return error!;
        return TypedResults.Json(history.FindRecent(id, limit).Select(PollView.Of).ToList(), ApiJson.Options);
    }

    /// <summary>POST /api/discover (API key; it makes FeedHub fetch): {"url"} → the feed found, and every URL tried.</summary>
    public static async Task<IResult> Discover(HttpRequest request, LiveConfiguration configuration,
        FeedDiscovery discovery, CancellationToken cancellationToken)
    {
        if (ApiKey.Refuse(request, configuration.Current.Http) is { } refusal) return refusal;
        var (body, error) = await JsonBody.ReadAsync<DiscoverRequest>(request.Body, BodyJson, cancellationToken);
        if (error is not null) return Problem(StatusCodes.Status400BadRequest, error);
        if (WebUrl.Parse(body?.Url ?? "") is not { } url) return Problem(StatusCodes.Status400BadRequest, "url: give an absolute http:// or https:// address.");
        var found = await discovery.DiscoverAsync(url, cancellationToken);
        return TypedResults.Json(DiscoveryView.Of(found), ApiJson.Options);
    }

    /// <summary>A read-only config is the state the server is in, not a fault of the request or of FeedHub: 409 with the reason.</summary>
    private static IResult NotWritable(ConfigurationNotWritableException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Configuration is read-only", detail: e.Message);

    /// <summary>A 400 naming the first field that holds a control character (a NUL in a URL), before the file is touched.</summary>
    private static IResult? RefuseControlCharacters(params (string Field, string? Value)[] fields) =>
        fields.Select(f => SettingText.ControlCharacterProblem(f.Field, f.Value)).FirstOrDefault(p => p is not null) is { } problem
            ? Problem(StatusCodes.Status400BadRequest, problem + ".")
            : null;

    private static IResult Problem(int status, string detail) =>
        TypedResults.Problem(statusCode: status, title: status switch { 404 => "No such source", 409 => "Source exists", _ => "Bad source" }, detail: detail);
}
