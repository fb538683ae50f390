using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedHub.Http;

/// <summary>A query parameter a handler reads itself (from HttpRequest.Query), described for /openapi.json.</summary>
internal sealed record QueryParameterDoc(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, bool Repeatable = false);

/// <summary>Marks an endpoint that needs <see cref="ApiKey.Header"/>: the document names the API key scheme on it.</summary>
internal sealed class ApiKeyRequired;

/// <summary>
/// What /openapi.json says beyond what ASP.NET Core infers from the handlers: the API key scheme and which operations
/// need it, the query parameters handlers read themselves, and the API's snake_case names in the schemas. Response codes
/// and problem types are declared beside each route (<see cref="Routes"/>), with <see cref="Query"/> and <see cref="RequireApiKey"/>.
/// </summary>
internal static class OpenApiDescription
{
    public const string ApiKeyScheme = "ApiKey";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FeedHub";
            document.Info.Description = "Published feeds, the JSON API for scripts, and the operator's calls (those need X-Api-Key). "
                + "Every error is an RFC 9457 problem (application/problem+json) whose detail says what was wrong.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKey.Header,
                Description = "The configured Http.ApiKey (FeedHub__Http__ApiKey); without it, or with another, calls that need it answer 401.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            foreach (var query in metadata.OfType<QueryParameterDoc>())
            {
                operation.Parameters ??= [];
                var schema = new OpenApiSchema { Type = query.Type };
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = query.Name,
                    In = ParameterLocation.Query,
                    Description = query.Description,
                    Schema = query.Repeatable ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema } : schema,
                    Explode = query.Repeatable,
                });
            }
            if (metadata.OfType<ApiKeyRequired>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>Describes query parameters the handler reads from the request itself.</summary>
    public static RouteHandlerBuilder Query(this RouteHandlerBuilder builder, params QueryParameterDoc[] parameters) =>
        builder.WithMetadata([.. parameters]);

    /// <summary>The operation needs the API key: the scheme is named on it, and its 401 problem described.</summary>
    public static RouteHandlerBuilder RequireApiKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ApiKeyRequired()).ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>The problems (RFC 9457) the operation answers with, each with the ProblemDetails schema.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }
}
