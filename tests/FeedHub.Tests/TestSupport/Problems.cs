namespace FeedHub.Tests.TestSupport;

/// <summary>Checks on the RFC 9457 problem responses that every bad request gets.</summary>
internal static class Problems
{
    public static async Task AssertAsync(HttpResponseMessage response, int status, string detail)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync());
    }
}
