using System.Text;
using System.Xml;
using FeedHub.Core.Configuration;

namespace FeedHub.Tests.Configuration;

/// <summary>Broken and hostile OPML files: refused with words an operator can act on, never expanded or followed.</summary>
public sealed class OpmlReadTests
{
    private static IReadOnlyList<Opml.Outline> Read(string text) => Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void A_doctype_is_skipped_so_an_export_that_declares_one_still_imports()
    {
        var outlines = Read("""<?xml version="1.0"?><!DOCTYPE opml><opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/f"/></body></opml>""");

        Assert.Equal("https://a.example/f", Assert.Single(outlines).Url);
    }

    [Theory]
    [InlineData("""<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body><outline text="&x;" xmlUrl="https://a.example/f"/></body></opml>""", "'x'")]
    [InlineData("""<!DOCTYPE opml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://a.example/f"/></body></opml>""", "'b'")]
    [InlineData("""<rss version="2.0"><channel><title>t</title></channel></rss>""", "the root element is <rss>, not <opml>")]
    public void Entities_are_never_expanded_and_a_file_that_is_not_opml_says_what_it_is(string text, string expected)
    {
        var error = Assert.Throws<XmlException>(() => Read(text));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("DtdProcessing", error.Message);
    }
}
