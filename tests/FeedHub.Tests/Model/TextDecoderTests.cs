using System.Text;
using FeedHub.Core.Model;

namespace FeedHub.Tests.Model;

public sealed class TextDecoderTests
{
    static TextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void A_page_meta_charset_is_used_when_the_header_names_none()
    {
        var bytes = Encoding.GetEncoding("koi8-r").GetBytes("<html><head><meta charset=\"koi8-r\"></head><body><p>Москва</p></body></html>");

        Assert.Contains("Москва", TextDecoder.DecodeHtml(bytes, "text/html"));
    }

    [Fact]
    public void The_http_equiv_form_is_read_too()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>Київ</body></html>");

        Assert.Contains("Київ", TextDecoder.DecodeHtml(bytes, null));
    }

    [Fact]
    public void Latin_1_labels_are_read_as_windows_1252_as_browsers_do()
    {
        var bytes = new byte[] { (byte)'a', 0x93, (byte)'q', 0x94 }; // curly quotes in windows-1252

        Assert.Equal("a\u201Cq\u201D", TextDecoder.DecodeXml(bytes, "text/xml; charset=ISO-8859-1"));
    }

    [Fact]
    public void An_unknown_label_falls_back_to_utf8()
    {
        Assert.Equal("é", TextDecoder.DecodeHtml(Encoding.UTF8.GetBytes("é"), "text/html; charset=x-made-up"));
    }
}
