using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FeedHub.Core.Configuration;

/// <summary>A configuration problem, worded for one line: "file: Key.Path: what is wrong", and of which kind.</summary>
public sealed class ConfigurationException(string message, ConfigurationProblem problem = ConfigurationProblem.Invalid) : Exception(message)
{
    public ConfigurationProblem Problem { get; } = problem;
}

/// <summary>
/// config/feedhub.json with environment overrides (FeedHub__Polling__DefaultInterval), read,
/// bound and validated in one go, so that every command fails fast on a bad file with one line
/// that names the file, the key and the problem.
/// </summary>
public sealed partial class FeedHubConfiguration
{
    public const string DefaultPath = "config/feedhub.json";
    public const string EnvironmentPrefix = "FeedHub__";

    private static readonly Dictionary<string, Type?> RootKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        [StoreOptions.Key] = typeof(StoreOptions),
        [ClusterOptions.Key] = typeof(ClusterOptions),
        [HttpOptions.Key] = typeof(HttpOptions),
        [PollingOptions.Key] = typeof(PollingOptions),
        [NetworkOptions.Key] = typeof(NetworkOptions),
        [ExtractionOptions.Key] = typeof(ExtractionOptions),
        [RetentionOptions.Key] = typeof(RetentionOptions),
        [SyndicationOptions.Key] = typeof(SyndicationOptions),
        [ConsoleOptions.Key] = typeof(ConsoleOptions),
        ["Sections"] = typeof(List<SectionOptions>),
        ["Sources"] = typeof(List<SourceOptions>),
        ["Logging"] = null, // free-form: Microsoft.Extensions.Logging's own settings
    };

    private FeedHubConfiguration(string filePath, IConfigurationRoot configuration, IReadOnlyDictionary<string, string?>? overrides)
    {
        FilePath = filePath;
        Overrides = overrides;
        Configuration = configuration;
        Store = Bind<StoreOptions>(StoreOptions.Key);
        Cluster = Bind<ClusterOptions>(ClusterOptions.Key);
        Http = Bind<HttpOptions>(HttpOptions.Key);
        Polling = Bind<PollingOptions>(PollingOptions.Key);
        Network = Bind<NetworkOptions>(NetworkOptions.Key);
        Extraction = Bind<ExtractionOptions>(ExtractionOptions.Key);
        Retention = Bind<RetentionOptions>(RetentionOptions.Key);
        Syndication = Bind<SyndicationOptions>(SyndicationOptions.Key);
        Console = Bind<ConsoleOptions>(ConsoleOptions.Key);
        Catalog = Bind<CatalogOptions>(null);
    }

    public string FilePath { get; }
    public IReadOnlyDictionary<string, string?>? Overrides { get; }
    public IConfigurationRoot Configuration { get; }
    public StoreOptions Store { get; }
    public ClusterOptions Cluster { get; }
    public HttpOptions Http { get; }
    public PollingOptions Polling { get; }
    public NetworkOptions Network { get; }
    public ExtractionOptions Extraction { get; }
    public RetentionOptions Retention { get; }
    public SyndicationOptions Syndication { get; }
    public ConsoleOptions Console { get; }

    /// <summary>The rules of Extraction.RulesPath, loaded and checked with the rest.</summary>
    public SiteRules SiteRules { get; private set; } = SiteRules.None;
    public CatalogOptions Catalog { get; }

    /// <summary>
    /// Reads <paramref name="path"/>, applies FeedHub__* environment variables and then
    /// <paramref name="overrides"/> (keys like "Http:Url"), binds and validates every part.
    /// </summary>
    /// <exception cref="ConfigurationException">The file is missing, not JSON, or has a bad key or value.</exception>
    public static FeedHubConfiguration Load(string path, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath)) // --config config/ : "does not exist" would send the operator looking for the wrong thing
            throw new ConfigurationException($"{path}: is a folder, not a configuration file (such as {Path.Combine(path, "feedhub.json")})");
        if (!File.Exists(fullPath))
            throw new ConfigurationException(Path.IsPathRooted(path)
                ? $"{path}: the configuration file does not exist"
                : $"{path}: the configuration file does not exist (looked for {fullPath})");
        CheckJsonSyntax(path, fullPath);
        return Build(path, new ConfigurationBuilder().AddJsonFile(fullPath, optional: false, reloadOnChange: false), overrides);
    }

    /// <summary>The defaults with environment overrides, for commands that work without a file (`feedhub extract page.html`).</summary>
    public static FeedHubConfiguration Defaults() =>
        Build("(defaults)", new ConfigurationBuilder().AddJsonStream(new MemoryStream("{}"u8.ToArray())), null);

    private static FeedHubConfiguration Build(string path, IConfigurationBuilder builder, IReadOnlyDictionary<string, string?>? overrides)
    {
        FeedHubConfiguration configuration;
        try
        {
            var root = builder
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
                .Build();
            CheckKeysAndValues(root.GetChildren(), RootKeys);
            configuration = new FeedHubConfiguration(path, root, overrides);
            configuration.Validate();
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{path}: {e.Message}");
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            // The file checked above changed before the provider read it (an editor half-way through a save,
            // seen by a reload): the provider's own complaint, as one line, instead of an unhandled exception.
            throw new ConfigurationException($"{path}: could not be read ({Innermost(e).Message.TrimEnd('.')})");
        }
        try
        {
            configuration.SiteRules = SiteRules.Load(configuration.Extraction); // its errors name its own file
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw new ConfigurationException($"{configuration.Extraction.RulesPath}: could not be read ({Innermost(e).Message.TrimEnd('.')})");
        }
        return configuration;
    }

    /// <summary>
    /// What reading a file can raise besides bad content: the JSON provider wraps its parse errors in
    /// InvalidDataException (FormatException inside); a file replaced or locked mid-read raises IOException.
    /// </summary>
    private static bool IsReadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException;

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    /// <summary>Reads the same file again, with the same overrides.</summary>
    /// <exception cref="ConfigurationException">The file now has a problem.</exception>
    public FeedHubConfiguration Reload() => Load(FilePath, Overrides);

    /// <summary>The enabled sources, with defaults filled in, in file order.</summary>
    public IReadOnlyList<Source> EnabledSources() =>
        Catalog.Sources.Where(s => s.Enabled).Select(ToSource).ToList();

    public Source ToSource(SourceOptions options) => new(
        options.Id,
        new Uri(options.Url),
        string.IsNullOrWhiteSpace(options.Name) ? options.Id : options.Name,
        options.AllSections(),
        options.Interval ?? (options.ParsedKind == SourceKind.Page ? Polling.DefaultPageInterval : Polling.DefaultInterval),
        options.Enabled)
    {
        Kind = options.ParsedKind,
        Listing = options.Items is { Length: > 0 } items ? new ListingSelectors(items, options.Link, options.Title, options.Date) : null,
    };

    /// <summary>
    /// How far back a new article of <paramref name="sourceId"/> in <paramref name="sections"/> looks for another
    /// outlet's copy of its text: <see cref="SyndicationOptions.Days"/>, or null when merging is off, for the source or
    /// for one of the sections.
    /// </summary>
    public TimeSpan? CopyWindow(string sourceId, IEnumerable<string> sections)
    {
        if (!Syndication.Enabled || Catalog.Sources.Any(s => s.Id == sourceId && !s.MergeCopies)) return null;
        var off = Catalog.Sections.Where(s => !s.MergeCopies).Select(s => s.Slug).ToHashSet(StringComparer.Ordinal);
        return sections.Any(off.Contains) ? null : TimeSpan.FromDays(Syndication.Days);
    }

    private void Validate()
    {
        var results = new[]
        {
            new StoreOptionsValidator().Validate(null, Store),
            new ClusterOptionsValidator().Validate(null, Cluster),
            new HttpOptionsValidator().Validate(null, Http),
            new PollingOptionsValidator().Validate(null, Polling),
            new NetworkOptionsValidator().Validate(null, Network),
            Retention.Days < 0 || Retention.MaxPerSource < 0
                ? ValidateOptionsResult.Fail($"Retention.{(Retention.Days < 0 ? "Days" : "MaxPerSource")}: must be 0 (no limit) or more")
                : ValidateOptionsResult.Success,
            Syndication.Days is < 1 or > 30
                ? ValidateOptionsResult.Fail($"Syndication.Days: {Syndication.Days} is not between 1 and 30 (days back that copies of a story are looked for)")
                : ValidateOptionsResult.Success,
            new CatalogOptionsValidator(Polling.MinInterval).Validate(null, Catalog),
            Console.PasswordHash is { } hash && !PasswordHash.IsWellFormed(hash)
                ? ValidateOptionsResult.Fail("Console.PasswordHash: not a hash made by 'feedhub console hash-password' (pbkdf2-sha256$iterations$salt$hash)")
                : Console.SessionLifetime <= TimeSpan.Zero
                    ? ValidateOptionsResult.Fail("Console.SessionLifetime: must be longer than zero")
                    : ValidateOptionsResult.Success,
        };
        var failures = results.Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        if (failures.Count == 0) return;
        var more = failures.Count > 1 ? $" (and {failures.Count - 1} more problem{(failures.Count > 2 ? "s" : "")})" : "";
        throw new ConfigurationException(failures[0] + more);
    }

    private T Bind<T>(string? key) where T : class, new()
    {
        IConfiguration section = key is null ? Configuration : Configuration.GetSection(key);
        try
        {
            return section.Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // CheckKeysAndValues has converted every value to its setting's type before binding, and says which key is
            // wrong; a value the binder still refuses is a gap in that check, reported for the section with the binder's word.
            throw new ConfigurationException($"{(key is null ? "" : key + ": ")}{e.Message}");
        }
    }

    private static void CheckJsonSyntax(string path, string fullPath)
    {
        try
        {
            using var stream = File.OpenRead(fullPath);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip, // as the JSON configuration provider reads it
                AllowTrailingCommas = true,
            });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigurationException($"{path}: the top level must be a JSON object");
            if (FindDuplicateKey(document.RootElement, "", new HashSet<string>(StringComparer.OrdinalIgnoreCase)) is { } duplicate)
                throw new ConfigurationException(
                    $"{path}: {DisplayKey(duplicate)}: the key is given twice (keys are not case-sensitive); keep one");
            if (FindNonTextValue(document.RootElement, "", RootKeys) is { } notText)
                throw new ConfigurationException($"{path}: {notText}");
        }
        catch (JsonException e)
        {
            throw new ConfigurationException(
                $"{path}: line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: not valid JSON ({FirstSentence(e.Message)})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: could not be read ({e.Message.TrimEnd('.')})");
        }
    }

    /// <summary>"Sources:0:Interval" reads as "Sources[0].Interval".</summary>
    internal static string DisplayKey(string path) =>
        IndexSegment().Replace(path, "[$1]").Replace(':', '.');

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a duration such as 00:15:00 (hh:mm:ss)",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ => "a valid " + type.Name,
    };

    private static string FirstSentence(string message) =>
        message.Split(". ", 2)[0].TrimEnd('.');

    [GeneratedRegex(":([0-9]+)(?=:|$)")]
    private static partial Regex IndexSegment();
}
