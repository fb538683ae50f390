using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace FeedHub.Tests.EndToEnd;

/// <summary>
/// /openapi.json (issue 17 item 4) describes the server that serves it: it validates as OpenAPI 3.1, names the API key
/// scheme, describes every endpoint the route table maps (whoever adds one later) with its path parameters and its
/// response codes, and the answers real requests get are among those it documents, with the content types it lists.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.Host fixture) : IClassFixture<OpenApiDocumentTests.Host>
{
    private const string Key = "openapi-test-key-0123456789";

    /// <summary>
    /// One host for the class, and its document read once: the requests below change nothing (the additions are refused,
    /// the deletions name no source, and the refresh of s1 fails against a closed port).
    /// </summary>
    public sealed class Host : SharedHost
    {
        public JsonElement Document { get; private set; }

        protected override async Task<HostedFeedHub> StartAsync()
        {
            var hub = await HostedFeedHub.StartAsync(
                (dir, _) => TestConfig.Write(dir, ("s1", new Uri("http://127.0.0.1:9/feed.xml"), "01:00:00")), Key);
            Document = JsonDocument.Parse(await hub.Http.GetStringAsync(hub.Url("openapi.json"))).RootElement;
            return hub;
        }
    }

    private HostedFeedHub Hub => fixture.Hub;

    private JsonElement Document => fixture.Document;

    [Fact]
    public async Task The_document_validates_as_openapi_3_1_and_names_the_api_key_scheme()
    {
        var json = await Hub.Http.GetStringAsync(Hub.Url("openapi.json"));

        var read = OpenApiDocument.Parse(json, "json");

        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.StartsWith("3.1", Document.GetProperty("openapi").GetString());
        var scheme = Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"),
            (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
    }

    [Fact]
    public void Every_mapped_endpoint_is_described_with_its_parameters_responses_and_key()
    {
        var endpoints = ((IEndpointRouteBuilder)Hub.Host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToList();
        Assert.NotEmpty(endpoints);
        var paths = Document.GetProperty("paths");
        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            Assert.True(paths.TryGetProperty(path, out var described), $"{path} is not in /openapi.json");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                Assert.True(described.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in /openapi.json");
                var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                Assert.Contains(responses, r => r.StartsWith('2'));
                var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                foreach (var routeParameter in endpoint.RoutePattern.Parameters)
                    Assert.Contains(parameters, p => p.GetProperty("name").GetString() == routeParameter.Name && p.GetProperty("in").GetString() == "path");
                foreach (var problem in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                    if (problem.Name != "503") // /readyz says why in plain text
                        Assert.True(problem.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {problem.Name} is not a problem");
                if (endpoint.Metadata.GetMetadata<FeedHub.Http.ApiKeyRequired>() is null) continue;
                Assert.Contains("401", responses);
                Assert.Contains(operation.GetProperty("security").EnumerateArray(), s => s.TryGetProperty("ApiKey", out _));
            }
        }
    }

    public static TheoryData<string, string, string?, bool> Requests => new()
    {
        { "GET", "/healthz", null, false },
        { "GET", "/readyz", null, false },
        { "GET", "/feeds/world-defense.atom", null, false },
        { "GET", "/feeds/world-defense.xyz", null, false },
        { "GET", "/feeds?format=nope", null, false },
        { "GET", "/api/sources", null, false },
        { "GET", "/api/sections", null, false },
        { "GET", "/api/articles?limit=5", null, false },
        { "GET", "/api/articles?section=nosuch", null, false },
        { "GET", "/api/articles/nosuch", null, false },
        { "POST", "/api/articles/nosuch/reextract", null, false },
        { "GET", "/api/search?q=missile", null, false },
        { "GET", "/api/search", null, false },
        { "POST", "/api/sources/s1/refresh", null, false },
        { "POST", "/api/sources/nosuch/refresh", null, true },
        { "POST", "/api/sources", """{"id":"s1","url":"https://example.com/feed.xml"}""", true },
        { "POST", "/api/sources", """{"id":"x","unknown":1}""", true },
        { "DELETE", "/api/sources/nosuch", null, true },
        { "POST", "/api/articles/nosuch/reextract", null, true },
        { "POST", "/api/extract", """{"html":"<p>Too short.</p>","base_url":"https://example.com/a"}""", false },
        { "POST", "/api/extract", """{"url":"https://example.com/a"}""", false },
        { "POST", "/api/extract", "{}", false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Real_answers_are_documented_with_their_status_and_content_type(string method, string path, string? body, bool withKey)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Hub.Url(path.TrimStart('/')));
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        if (withKey) request.Headers.Add("X-Api-Key", Key);

        using var response = await Hub.Http.SendAsync(request);

        var operation = Operation(method, new Uri(Hub.Host.BaseUrl, path).AbsolutePath);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var documented), $"{method} {path} answered {status}, which is not documented");
        if (response.Content.Headers.ContentType?.MediaType is not { } mediaType || response.StatusCode == HttpStatusCode.NoContent) return;
        Assert.True(documented.TryGetProperty("content", out var content) && content.TryGetProperty(mediaType, out _),
            $"{method} {path} {status} answered {mediaType}, which is not documented");
        if (!mediaType.EndsWith("json", StringComparison.Ordinal)) return;
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (content.GetProperty(mediaType).TryGetProperty("schema", out var schema)) AssertMatches(schema, json, $"{method} {path}");
        if (mediaType == "application/problem+json")
        {
            var problem = json;
            Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        }
    }

    /// <summary>
    /// The answer against its documented schema: every field it has is one the schema declares (so names and nesting
    /// match), of a type the schema allows; arrays item by item. References resolve into components.schemas.
    /// </summary>
    private void AssertMatches(JsonElement schema, JsonElement value, string where)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = Document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            var kind = value.ValueKind switch
            {
                JsonValueKind.Object => "object",
                JsonValueKind.Array => "array",
                JsonValueKind.String => "string",
                JsonValueKind.Null => "null",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "number",
            };
            Assert.True(allowed.Contains(kind) || (kind == "number" && allowed.Contains("integer")), $"{where}: {value} is {kind}, the schema says {type}");
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
            foreach (var item in value.EnumerateArray()) AssertMatches(items, item, where);
        if (value.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties)) return;
        foreach (var field in value.EnumerateObject())
        {
            Assert.True(properties.TryGetProperty(field.Name, out var fieldSchema), $"{where}: the field {field.Name} is not in its schema");
            AssertMatches(fieldSchema, field.Value, $"{where}.{field.Name}");
        }
    }

    /// <summary>The operation whose path template matches the request's path.</summary>
    private JsonElement Operation(string method, string requestPath)
    {
        foreach (var path in Document.GetProperty("paths").EnumerateObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(path.Name), @"\\\{[^}]+\}", "[^/]+?") + "$";
            if (Regex.IsMatch(requestPath, pattern) && path.Value.TryGetProperty(method.ToLowerInvariant(), out var operation)) return operation;
        }
        throw new Xunit.Sdk.XunitException($"no operation in /openapi.json matches {method} {requestPath}");
    }
}
