using FeedHub.Core.Model;

namespace FeedHub.Core.Configuration;

// One options class per part of config/feedhub.json. Defaults are declared here, once.
// Environment variables override any key: FeedHub__Polling__DefaultInterval=00:05:00.

/// <summary>"Store": where the SQLite database lives.</summary>
public sealed class StoreOptions
{
    public const string Key = "Store";

    /// <summary>Which database holds the store: the embedded SQLite file (one machine), or PostgreSQL (several workers).</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Path of the SQLite file; relative paths are relative to the working directory. Used with Provider sqlite.</summary>
    public string Path { get; set; } = "data/feedhub.db";

    /// <summary>
    /// The Npgsql connection string, e.g. "Host=db;Username=feedhub;Password=...;Database=feedhub". Used with Provider
    /// postgres; best given by environment (FEEDHUB_Store__ConnectionString) so the password stays out of the file.
    /// </summary>
    public string? ConnectionString { get; set; }
}

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// "Cluster": several `feedhub serve` workers on one PostgreSQL store (Store.Provider postgres) form one Quartz
/// cluster. Ignored with SQLite, where the one process schedules in memory.
/// </summary>
public sealed class ClusterOptions
{
    public const string Key = "Cluster";

    /// <summary>
    /// How often each worker records in the store that it is alive. A worker silent for this plus
    /// <see cref="CheckinInterval"/> again (Quartz's misfire threshold, set equal) is taken for dead and its polls are
    /// run by the others, so a dead worker's sources wait at most about three intervals.
    /// </summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>This worker's name in the cluster (Quartz's instance id, source_polls.worker); empty: host name and process id.</summary>
    public string? WorkerId { get; set; }
}

/// <summary>"Http": the built-in web server.</summary>
public sealed class HttpOptions
{
    public const string Key = "Http";

    public string Url { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The offline demo's folder: FeedHub answers http://samples.feedhub.invalid/ from it in process (no network, any
    /// port), and serves it to people under /samples/. Empty for neither. Relative paths are relative to the working directory.
    /// </summary>
    public string? SamplesPath { get; set; }

    /// <summary>
    /// The address readers reach FeedHub at (behind a proxy, say): every absolute URL FeedHub publishes (feed self,
    /// alternate and next links, WebSub topics) is built from it, never from a request's Host header.
    /// <see cref="Url"/> when absent.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto headers are believed,
    /// for the client address in logs and the request scheme. None by default: the headers are ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>A WebSub hub: feeds advertise it (rel="hub") and FeedHub pings it when a section gets new articles.</summary>
    public string? WebSubHub { get; set; }

    /// <summary>
    /// The key that API calls which change state or fetch on request must send in the X-Api-Key header.
    /// None by default: those calls are refused. Set it through the environment (FeedHub__Http__ApiKey), not the file.
    /// </summary>
    public string? ApiKey { get; set; }
}

/// <summary>"Console": the operator console under /console (sign-in and what needs it).</summary>
public sealed class ConsoleOptions
{
    public const string Key = "Console";

    /// <summary>
    /// The operator's password, hashed (`feedhub console hash-password` prints the value). None by default: the console
    /// then only reads, and every changing action is refused.
    /// </summary>
    public string? PasswordHash { get; set; }

    /// <summary>
    /// Whether the console's reading pages (sources, polls, articles) are open without signing in. True by default: the same
    /// facts are public already through GET /api/* and the status page, and FeedHub listens on loopback by default.
    /// </summary>
    public bool PublicStatus { get; set; } = true;

    /// <summary>How long a sign-in lasts; the operator signs in again after it (not extended by use).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>"Polling": defaults for every source, and the bounds of each fetch.</summary>
public sealed class PollingOptions
{
    public const string Key = "Polling";

    /// <summary>How often a source is polled when it sets no interval of its own.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often a page source (Kind "page") is polled when it sets no interval of its own: longer than a feed's, as
    /// a listing page is a whole page for its server to build and changes slower than a news feed is read.
    /// </summary>
    public TimeSpan DefaultPageInterval { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The shortest interval a source, or <see cref="DefaultInterval"/>, may have. Anything shorter is refused at load:
    /// it is nearly always a slip ("00:00:15" meant as fifteen minutes) that would poll someone else's server every few
    /// seconds, and no feed changes that fast. A minute still suits a live blog or a feed server of one's own; tests
    /// that poll their own loopback servers lower it, which an operator can do too, deliberately, by name.
    /// </summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a TCP connection may take to open.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest one HTTP request (feed or article page) may take, redirects and body included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest extracting one article page (parse, clean, score, sanitize) may take; past it the feed's content is kept.</summary>
    public TimeSpan ExtractionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests in flight at once, over all hosts.</summary>
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>
    /// Sources polled at once. A poll spends most of its time waiting on the network, where it holds only a request
    /// slot (<see cref="MaxConcurrentRequests"/>, <see cref="MaxRequestsPerHost"/>); the CPU-bound part, extracting
    /// pages, runs at most one per core whatever this is. So a few sources whose pages hang or drip until
    /// <see cref="RequestTimeout"/> leave the rest polled (issue 18). What it costs is memory: each poll under way holds
    /// its feed and the articles built so far; the pages fetched and waiting for extraction are bounded in all by
    /// <see cref="MaxQueuedPageBytes"/>.
    /// </summary>
    public int MaxConcurrentPolls { get; set; } = 16;

    /// <summary>
    /// The bytes of fetched article pages that may wait for their extraction, over all polls: no page fetch starts
    /// while more wait (Processing.PageBacklog). Enough to keep every core extracting while others fetch; more only
    /// holds memory.
    /// </summary>
    public long MaxQueuedPageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Requests in flight at once to one host.</summary>
    public int MaxRequestsPerHost { get; set; } = 2;

    /// <summary>
    /// The longest a feed's own hints (RSS ttl, Cache-Control max-age, Expires) may stretch a
    /// source's interval to. Hints only ever lengthen the interval.
    /// </summary>
    public TimeSpan MaxHintedInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The cap of the exponential backoff after failed polls; a failing source is still probed this often.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Bodies longer than this are refused.</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Whether each new item's page is fetched and extracted (else the feed's own content is kept).</summary>
    public bool FetchArticlePages { get; set; } = true;

    /// <summary>
    /// Whether article pages are fetched as robots.txt allows (RFC 9309, for the User-Agent's product token or <c>*</c>),
    /// no closer together than its Crawl-delay. Feeds are meant to be polled and are fetched regardless.
    /// </summary>
    public bool RespectRobotsTxt { get; set; } = true;

    public string UserAgent { get; set; } = "FeedHub/0.1 (self-hosted feed aggregator)";

    /// <summary>A URL where site owners can reach this FeedHub's operator; added to the User-Agent as "+URL".</summary>
    public string? ContactUrl { get; set; }

    /// <summary>The User-Agent header sent with every request.</summary>
    public string EffectiveUserAgent => string.IsNullOrWhiteSpace(ContactUrl) ? UserAgent : $"{UserAgent} +{ContactUrl}";
}

/// <summary>"Extraction": how article pages are read.</summary>
public sealed class ExtractionOptions
{
    public const string Key = "Extraction";

    /// <summary>Per-site CSS selector rules (see README); a missing file means none. Read at start.</summary>
    public string? RulesPath { get; set; } = "config/extraction-rules.json";
}

/// <summary>"Retention": how long articles are kept. A daily job purges the rest; purged entries are not fetched again.</summary>
public sealed class RetentionOptions
{
    public const string Key = "Retention";

    /// <summary>Articles dated (published, else fetched) longer ago than this are purged; 0 keeps them forever.</summary>
    public int Days { get; set; } = 90;

    /// <summary>At most this many articles per source, the newest; 0 for no limit.</summary>
    public int MaxPerSource { get; set; }
}

/// <summary>
/// "Syndication": one story carried by several outlets (a wire report under each outlet's headline and boilerplate) is
/// stored once, each outlet a source of it, when its body text is nearly the same (see README, "Syndicated copies").
/// Sections and sources can opt out with their own MergeCopies.
/// </summary>
public sealed class SyndicationOptions
{
    public const string Key = "Syndication";

    /// <summary>Whether copies are merged at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many days back a new article's copies are looked for, by when they were stored (1 to 30).</summary>
    public int Days { get; set; } = 3;
}

/// <summary>"Network": which addresses fetches may reach.</summary>
public sealed class NetworkOptions
{
    public const string Key = "Network";

    /// <summary>
    /// CIDR ranges FeedHub may connect to although they are loopback, private, link-local, multicast
    /// or unspecified (e.g. "127.0.0.0/8" for feeds served on this machine). Empty by default:
    /// URLs from feeds can't reach the operator's own network.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
}

/// <summary>One entry of "Sections": a published feed.</summary>
public sealed class SectionOptions
{
    /// <summary>The slug of the feed across all sections, so no section may take it.</summary>
    public const string AllSlug = "all";

    /// <summary>The URL name: /feeds/{Slug}.atom. Lower-case letters, digits and dashes.</summary>
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Rules that put articles in this section (besides the sources that list it). Any one matching is enough.</summary>
    public SectionRuleOptions? Include { get; set; }

    /// <summary>Rules that keep articles out, even when an include rule or their source put them in.</summary>
    public SectionRuleOptions? Exclude { get; set; }

    /// <summary>False: an article this section gets is never merged with another outlet's copy, nor a copy with it.</summary>
    public bool MergeCopies { get; set; } = true;
}

/// <summary>
/// Ways an article can match a section. Names are compared leniently: case, dashes, underscores
/// and slashes don't matter, and a breadcrumb trail counts as its joined path ("World &gt; Defense"
/// matches "World Defense").
/// </summary>
public sealed class SectionRuleOptions
{
    /// <summary>Source ids.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Section names the page declares (JSON-LD, meta, breadcrumbs, category links, URL path).</summary>
    public List<string> PageSections { get; set; } = [];

    /// <summary>The feed item's own categories.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Absolute URL prefixes of the article's link.</summary>
    public List<string> UrlPrefixes { get; set; } = [];

    /// <summary>Words or phrases in the title or the body (whole words, any case).</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>.NET regular expressions matched against the title and the body text.</summary>
    public List<string> Patterns { get; set; } = [];
}

/// <summary>One entry of "Sources": a feed to poll.</summary>
public sealed class SourceOptions
{
    public string Id { get; set; } = "";
    public string Url { get; set; } = "";
    public string? Name { get; set; }

    /// <summary>Slugs of the sections this source's articles go to.</summary>
    public List<string> Sections { get; set; } = [];

    /// <summary>Shorthand for a single entry in <see cref="Sections"/>.</summary>
    public string? Section { get; set; }

    /// <summary>
    /// Polling interval; <see cref="PollingOptions.DefaultInterval"/> when absent
    /// (<see cref="PollingOptions.DefaultPageInterval"/> for a page source).
    /// </summary>
    public TimeSpan? Interval { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>False: this source's articles are never merged with another outlet's copy, nor a copy with them.</summary>
    public bool MergeCopies { get; set; } = true;

    /// <summary>"feed" (RSS, Atom, JSON Feed; the default) or "page": an HTML page whose article links are the entries.</summary>
    public string? Kind { get; set; }

    /// <summary>For a page source: a CSS selector for each article's block, when the generic listing finder reads the page wrong.</summary>
    public string? Items { get; set; }

    /// <summary>With <see cref="Items"/>: the article's link inside a block (default: the first link, one in a heading first).</summary>
    public string? Link { get; set; }

    /// <summary>With <see cref="Items"/>: the headline inside a block (default: the link's text).</summary>
    public string? Title { get; set; }

    /// <summary>With <see cref="Items"/>: the date inside a block, read from its datetime or content attribute or its text.</summary>
    public string? Date { get; set; }

    public SourceKind ParsedKind => string.Equals(Kind, "page", StringComparison.OrdinalIgnoreCase) ? SourceKind.Page : SourceKind.Feed;

    public IReadOnlyList<string> AllSections() =>
        (Section is { Length: > 0 } single ? Sections.Prepend(single) : Sections).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>
/// The root lists "Sections" and "Sources". They are one options class because they are
/// validated together: a source may only name sections that exist.
/// </summary>
public sealed class CatalogOptions
{
    public List<SectionOptions> Sections { get; set; } = [];
    public List<SourceOptions> Sources { get; set; } = [];
}
