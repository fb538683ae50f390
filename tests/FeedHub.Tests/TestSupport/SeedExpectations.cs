using System.Globalization;
using System.Text.Json;
using Xunit;

namespace FeedHub.Tests.TestSupport;

/// <summary>Checks a page report (the JSON of `feedhub extract` and POST /api/extract) against shared/seed/expected.json.</summary>
public static class SeedExpectations
{
    public const string PageUrl = SeedArticle.PageUrl;

    public static void AssertMatches(JsonElement report)
    {
        var expected = JsonDocument.Parse(SeedArticle.ExpectedJson).RootElement;
        Assert.Equal("extracted", report.GetProperty("status").GetString());
        foreach (var field in new[] { "title", "byline", "canonical_url", "lead_image" })
            Assert.Equal(expected.GetProperty(field).GetString(), report.GetProperty(field).GetString());
        Assert.Equal(DateTimeOffset.Parse(expected.GetProperty("published").GetString()!, CultureInfo.InvariantCulture), report.GetProperty("published").GetDateTimeOffset());
        Assert.Equal(expected.GetProperty("sections")[0].GetString(), report.GetProperty("sections")[0].GetProperty("value").GetString());
        Assert.Equal("json-ld", report.GetProperty("sections")[0].GetProperty("origin").GetString());
        Assert.Equal(
            expected.GetProperty("headings").EnumerateArray().Select(h => (h.GetProperty("level").GetInt32(), h.GetProperty("text").GetString())),
            report.GetProperty("headings").EnumerateArray().Select(h => (h.GetProperty("level").GetInt32(), h.GetProperty("text").GetString())));
        var blocks = report.GetProperty("text").GetString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var headings = expected.GetProperty("headings").EnumerateArray().Select(h => h.GetProperty("text").GetString()).ToHashSet();
        Assert.Equal(expected.GetProperty("body_paragraphs").EnumerateArray().Select(p => p.GetString()), blocks.Where(b => !headings.Contains(b)));
        Assert.Contains("<h2>Weapons for Export?</h2>", report.GetProperty("html").GetString());
    }
}
