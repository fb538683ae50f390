namespace FeedHub.Core.Model;

/// <summary>
/// A text construct as the feed gave it: <see cref="Type"/> is text/plain, text/html or application/xhtml+xml
/// (HTML values are well-formed markup, not yet sanitized), with the xml:lang and xml:base in scope.
/// A class, not a record: its value may be worked out late, so it has no value equality to offer.
/// </summary>
public sealed class FeedText
{
    private readonly Func<string>? produce;
    private string? value;

    public FeedText(string value, string type, string? language = null, string? @base = null)
    {
        this.value = value;
        Type = type;
        Language = language;
        Base = @base;
    }

    /// <summary>A value worked out only when first read: most entries of a re-polled feed are known and never read.</summary>
    public FeedText(Func<string> produce, string type, string? language = null, string? @base = null) : this("", type, language, @base)
    {
        this.produce = produce;
        value = null;
    }

    public string Value => value ??= produce!();
    public string Type { get; init; }
    public string? Language { get; init; }
    public string? Base { get; init; }

    public bool IsMarkup => Type is "text/html" or "application/xhtml+xml";

    /// <summary>Atom content by reference: where the content is, when it is not inline.</summary>
    public string? Src { get; init; }
}

/// <summary>A link of a feed or entry; RSS's &lt;link&gt; is rel "alternate", enclosures are rel "enclosure".</summary>
public sealed record FeedLink(string Href, string Rel, string? Type = null, string? Title = null, string? HrefLang = null, string? Length = null);

/// <summary>An author or contributor. RSS gives "email (Name)" or "Name &lt;email&gt;" strings, split into the parts.</summary>
public sealed record FeedPerson(string? Name, string? Email = null, string? Href = null)
{
    /// <summary>"Name (email)" when both are known, else whichever is.</summary>
    public string? Display => Name is not null && Email is not null ? $"{Name} ({Email})" : Name ?? Email;
}

/// <summary>A category: RSS &lt;category domain&gt;, Atom term/scheme/label, dc:subject, JSON Feed tags.</summary>
public sealed record FeedCategory(string Term, string? Scheme = null, string? Label = null);

/// <summary>A media file attached to an entry (RSS &lt;enclosure&gt;, Atom rel="enclosure", JSON Feed attachments).</summary>
public sealed record FeedEnclosure(string Href, string? Type, long? Length);

/// <summary>A feed's generator (the software that wrote it).</summary>
public sealed record FeedGenerator(string Name, string? Href = null, string? Version = null);

/// <summary>RSS &lt;image&gt;.</summary>
public sealed record FeedImage(string? Href, string? Title, string? Link, int? Width, int? Height, string? Description);

/// <summary>What feeds and entries both have: a title, links, people, categories, dates (UTC; *Raw as written), rights, language.</summary>
public abstract record FeedMetadata
{
    public FeedText? TitleText { get; init; }
    /// <summary>Every link in document order; RSS &lt;link&gt; is rel "alternate", enclosures are rel "enclosure".</summary>
    public IReadOnlyList<FeedLink> Links { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public string? PublishedRaw { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? UpdatedRaw { get; init; }
    public IReadOnlyList<FeedPerson> Authors { get; init; } = [];
    public IReadOnlyList<FeedPerson> Contributors { get; init; } = [];
    public IReadOnlyList<FeedCategory> Tags { get; init; } = [];
    public FeedText? Rights { get; init; }
    /// <summary>The license's URL (creativeCommons:license, cc:license, Atom rel="license").</summary>
    public string? License { get; init; }
    public string? Language { get; init; }
}

/// <summary>What a feed says about itself; also the shape of an Atom entry's &lt;source&gt; (the feed an entry was copied from).</summary>
public sealed record FeedHeader : FeedMetadata
{
    public string? Id { get; init; }
    /// <summary>The feed's web site: its alternate link (http or https).</summary>
    public Uri? Link { get; init; }
    public FeedText? Subtitle { get; init; }
    public FeedGenerator? Generator { get; init; }
    public string? Icon { get; init; }
    public string? Logo { get; init; }
    public FeedImage? Image { get; init; }
    /// <summary>RSS ttl: how long the channel may be cached before refreshing (capped at a week).</summary>
    public TimeSpan? Ttl { get; init; }
}

/// <summary>One item of a parsed feed, in FeedHub's format-neutral shape.</summary>
public sealed record FeedEntry : FeedMetadata
{
    /// <summary>The stable id FeedHub keys the entry by: its own id, else its link, else a hash of title and date (see EntryIds).</summary>
    public required string Guid { get; init; }
    /// <summary>The id exactly as the feed gave it (RSS guid, Atom id, JSON Feed id), or null.</summary>
    public string? Id { get; init; }
    /// <summary>The entry's page: the alternate link, resolved against xml:base and the document URL (http and https only).</summary>
    public Uri? Link { get; init; }
    /// <summary>Plain text: entities decoded, markup removed; what FeedHub publishes as the title.</summary>
    public required string Title { get; init; }
    public FeedText? SummaryText { get; init; }
    /// <summary>Full content: Atom content, content:encoded, xhtml:body, JSON Feed content_html/content_text.</summary>
    public IReadOnlyList<FeedText> Content { get; init; } = [];
    public IReadOnlyList<FeedEnclosure> Enclosures { get; init; } = [];
    /// <summary>The page of the entry's comments (RSS &lt;comments&gt;, Atom rel="replies" of type text/html).</summary>
    public string? Comments { get; init; }
    /// <summary>RSS: the guid is a permalink and served as the link.</summary>
    public bool GuidIsLink { get; init; }
    /// <summary>Atom &lt;source&gt;: the feed this entry was copied from.</summary>
    public FeedHeader? Source { get; init; }

    public string? Author => Authors.Count > 0 ? Authors[0].Display : null;
    public string? Summary => SummaryText?.Value is { Length: > 0 } ? AsHtml(SummaryText) : null;
    /// <summary>The first content as HTML (text content escaped), or null.</summary>
    public string? ContentHtml => Content.Count > 0 && Content[0].Value.Length > 0 ? AsHtml(Content[0]) : null;
    public IReadOnlyList<string> Categories => Tags.Select(t => t.Label ?? t.Term).ToList();

    private static string AsHtml(FeedText text) => text.IsMarkup ? text.Value : System.Net.WebUtility.HtmlEncode(text.Value);
}

/// <summary>
/// A parsed feed document. <see cref="Format"/> names what it was (rss20, rss10, atom10, json11, ...);
/// <see cref="IllFormed"/> says why, when the document was not well-formed and a lenient reading was used.
/// </summary>
public sealed record ParsedFeed
{
    public required string Format { get; init; }
    public required FeedHeader Header { get; init; }
    public required IReadOnlyList<FeedEntry> Entries { get; init; }
    /// <summary>The character encoding the document was read with (utf-8, windows-1251, ...).</summary>
    public string? Encoding { get; init; }
    public string? IllFormed { get; init; }

    /// <summary>The feed's title as plain text ("" when it has none).</summary>
    public required string Title { get; init; }
    public Uri? Link => Header.Link;
    public TimeSpan? Ttl => Header.Ttl;
}
