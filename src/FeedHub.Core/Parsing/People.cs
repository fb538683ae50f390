using System.Text.RegularExpressions;
using FeedHub.Core.Model;

namespace FeedHub.Core.Parsing;

/// <summary>Person strings as RSS writes them: "me@example.com (Name)", "Name (me@example.com)", "Name &lt;me@example.com&gt;", a name, an address.</summary>
internal static partial class People
{
    /// <summary>The parts as plain text: the address is taken out first (its &lt;&gt; are no tag), then the name is cleaned like a title.</summary>
    public static FeedPerson FromRssText(string text)
    {
        var email = Email().Match(text);
        if (!email.Success) return new FeedPerson(FeedMarkup.PlainTextOrNull(text));
        var name = FeedMarkup.PlainText(text.Remove(email.Index, email.Length));
        name = Wrapping().Replace(name, " ").Trim();
        name = name.Trim('(', ')', '<', '>', ' ', '"');
        return new FeedPerson(name.Length > 0 ? name : null, email.Value.Trim('<', '>', '(', ')'));
    }

    // The domain may have no dot: newsroom@localhost is an address too (one test site's 1,025 authors were).
    [GeneratedRegex(@"[<(]?(?:mailto:)?[\w.+'-]+@[\w-]+(?:\.[\w-]+)*[>)]?")]
    private static partial Regex Email();

    [GeneratedRegex(@"\(\s*\)|<\s*>|\s+")]
    private static partial Regex Wrapping();
}
