using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace FeedHub.Http;

/// <summary>
/// The body of an error that no handler wrote one for: no route (GET /nope, /feeds/.atom), a method the route does not
/// take, a request the framework could not bind. Without it these are empty, unlike every other error FeedHub answers,
/// and a script cannot tell why. Written with TypedResults.Problem, as the handlers write theirs, so all problems look alike.
/// </summary>
internal static class StatusCodeProblems
{
    public static Task Write(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (status, path, method) = (http.Response.StatusCode, http.Request.Path.Value, http.Request.Method);
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"Nothing is served at {path}; GET / lists the feeds, GET /openapi.json the API.",
            StatusCodes.Status405MethodNotAllowed => $"{path} does not take {method}; it takes {http.Response.Headers.Allow}.",
            StatusCodes.Status400BadRequest => $"The request to {path} could not be read; GET /openapi.json describes what it takes.",
            StatusCodes.Status415UnsupportedMediaType => $"{method} {path} takes a JSON body: send it with Content-Type: application/json.",
            _ => $"{method} {path} answered {status}.",
        };
        return TypedResults.Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), detail: detail).ExecuteAsync(http);
    }

    /// <summary>
    /// The answer to an exception no handler caught (the exception handler has logged it): a problem body rather than
    /// Kestrel's empty 500, which said nothing (found with ?q=%00, which once broke the full-text query). The exception's
    /// own text stays in the log; only a client's own mistake that the framework found (BadHttpRequestException, such
    /// as a body over the size limit) is told with its status and message.
    /// </summary>
    public static Task WriteFailure(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (path, method) = (http.Request.Path.Value, http.Request.Method);
        var (status, detail) = error is BadHttpRequestException bad
            ? (bad.StatusCode, $"The request to {path} could not be read: {bad.Message}")
            : (StatusCodes.Status500InternalServerError, $"{method} {path} failed inside FeedHub; the server's log says why.");
        return TypedResults.Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), detail: detail).ExecuteAsync(http);
    }
}
