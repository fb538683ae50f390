using FeedHub.Core.Extraction;

namespace FeedHub.Tests.Extraction;

public sealed class SanitizerTests
{
    private readonly ContentSanitizer sanitizer = new();

    [Theory]
    [InlineData("<p>ok</p><script>alert(1)</script>", "<script")]
    [InlineData("<p onclick=\"alert(1)\">ok</p>", "onclick")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "javascript:")]
    [InlineData("<form action=\"/x\"><input name=\"a\"></form><p>ok</p>", "<form")]
    [InlineData("<p style=\"position:fixed\">ok</p>", "style=")]
    [InlineData("<iframe src=\"https://evil.test/\"></iframe><p>ok</p>", "<iframe")]
    public void Hostile_markup_is_removed(string html, string forbidden)
    {
        var clean = sanitizer.Sanitize(html, new Uri("https://example.com/a/"));

        Assert.DoesNotContain(forbidden, clean, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_embed_from_an_allowed_player_is_kept()
    {
        var clean = sanitizer.Sanitize("<iframe src=\"https://www.youtube.com/embed/x1\" allowfullscreen onload=\"alert(1)\"></iframe>", null);

        Assert.Contains("<iframe src=\"https://www.youtube.com/embed/x1\"", clean);
        Assert.DoesNotContain("onload", clean);
    }

    [Theory]
    [InlineData("http://www.youtube.com/embed/x1")] // not https
    [InlineData("https://youtube.com.evil.test/embed/x1")]
    [InlineData("javascript:alert(1)")]
    public void Other_embeds_are_dropped(string source)
    {
        var clean = sanitizer.Sanitize($"<p>before</p><iframe src=\"{source}\"></iframe>", null);

        Assert.Equal("<p>before</p>", clean);
    }

    [Fact]
    public void Relative_links_become_absolute_against_the_page()
    {
        var clean = sanitizer.Sanitize("<p><a href=\"../b/\">b</a> <img src=\"/i.jpg\" alt=\"i\"></p>", new Uri("https://example.com/a/page"));

        Assert.Contains("href=\"https://example.com/b/\"", clean);
        Assert.Contains("src=\"https://example.com/i.jpg\"", clean);
    }
}
