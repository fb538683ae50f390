using System.Text.RegularExpressions;
using FeedHub.Core.Model;
using Microsoft.Extensions.Options;

namespace FeedHub.Core.Configuration;

// Each validator reports problems as "Key.Path: what is wrong", so that the start-up error
// can name the file, the key and the problem on one line.

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options) => options.Provider switch
    {
        StoreProvider.Sqlite when string.IsNullOrWhiteSpace(options.Path) => ValidateOptionsResult.Fail("Store.Path: must not be empty"),
        StoreProvider.Postgres when string.IsNullOrWhiteSpace(options.ConnectionString) => ValidateOptionsResult.Fail(
            "Store.ConnectionString: must be set when Store.Provider is postgres (e.g. Host=db;Username=feedhub;Database=feedhub)"),
        StoreProvider.Sqlite or StoreProvider.Postgres => ValidateOptionsResult.Success,
        _ => ValidateOptionsResult.Fail($"Store.Provider: '{options.Provider}' is not sqlite or postgres"),
    };
}

internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        // Below a second the check-ins are most of the database's work; above ten minutes a dead worker's sources wait half an hour.
        if (options.CheckinInterval < TimeSpan.FromSeconds(1) || options.CheckinInterval > TimeSpan.FromMinutes(10))
            errors.Add($"Cluster.CheckinInterval: {options.CheckinInterval:c} is not between 00:00:01 and 00:10:00");
        if (options.WorkerId is { } id && (id.Length > 100 || id.Any(char.IsControl)))
            errors.Add("Cluster.WorkerId: must be at most 100 characters without control characters");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[] { ("Url", options.Url), ("PublicUrl", options.PublicUrl), ("WebSubHub", options.WebSubHub) })
        {
            if ((key == "Url" || !string.IsNullOrEmpty(value))
                && WebUrl.Parse(value) is null)
                errors.Add($"Http.{key}: '{value}' is not an absolute http:// or https:// URL");
        }
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.TrustedProxies[i], out _) && !System.Net.IPAddress.TryParse(options.TrustedProxies[i], out _))
                errors.Add($"Http.TrustedProxies[{i}]: '{options.TrustedProxies[i]}' is not an address or a CIDR range such as 10.0.0.0/8");
        }
        if (SettingText.HeaderValueProblem("Http.ApiKey", options.ApiKey) is { } keyProblem)
            errors.Add(keyProblem + " (clients send it in the X-Api-Key header)");
        else if (options.ApiKey is { Length: > 0 and < 16 })
            errors.Add("Http.ApiKey: must be at least 16 characters (a random string, e.g. from 'openssl rand -hex 16')");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class PollingOptionsValidator : IValidateOptions<PollingOptions>
{
    public ValidateOptionsResult Validate(string? name, PollingOptions options)
    {
        var errors = new List<string>();
        foreach (var (setting, interval) in new[] { ("DefaultInterval", options.DefaultInterval), ("DefaultPageInterval", options.DefaultPageInterval) })
        {
            if (interval <= TimeSpan.Zero)
                errors.Add($"Polling.{setting}: must be positive, got {interval}");
            else if ((TooShort(interval, options.MinInterval) ?? TooLongInterval(interval)) is { } problem)
                errors.Add($"Polling.{setting}: {problem}");
        }
        foreach (var (setting, value) in new[]
                 {
                     ("MinInterval", options.MinInterval),
                     ("ConnectTimeout", options.ConnectTimeout), ("RequestTimeout", options.RequestTimeout), ("ExtractionTimeout", options.ExtractionTimeout),
                     ("MaxHintedInterval", options.MaxHintedInterval), ("MaxBackoff", options.MaxBackoff),
                 })
        {
            if (value <= TimeSpan.Zero) errors.Add($"Polling.{setting}: must be positive, got {value}");
            else if (TooLong(value) is { } problem) errors.Add($"Polling.{setting}: {problem}");
        }
        if (options.MaxConcurrentRequests < 1)
            errors.Add($"Polling.MaxConcurrentRequests: must be at least 1, got {options.MaxConcurrentRequests}");
        if (options.MaxConcurrentPolls < 1)
            errors.Add($"Polling.MaxConcurrentPolls: must be at least 1, got {options.MaxConcurrentPolls}");
        if (options.MaxRequestsPerHost < 1)
            errors.Add($"Polling.MaxRequestsPerHost: must be at least 1, got {options.MaxRequestsPerHost}");
        var headerProblems = new[] { ("UserAgent", options.UserAgent), ("ContactUrl", options.ContactUrl) }
            .Select(s => SettingText.HeaderValueProblem($"Polling.{s.Item1}", s.Item2)).OfType<string>().ToList();
        errors.AddRange(headerProblems.Select(p => p + " (it is sent in the User-Agent header)"));
        if (headerProblems.Count == 0 && options.ContactUrl is { Length: > 0 } contact && !Uri.TryCreate(contact, UriKind.Absolute, out _))
            errors.Add($"Polling.ContactUrl: '{contact}' is not an absolute URL");
        if (options.MaxQueuedPageBytes < 1024 * 1024)
            errors.Add($"Polling.MaxQueuedPageBytes: must be at least 1048576 (1 MiB), got {options.MaxQueuedPageBytes}");
        if (options.MaxBodyBytes < 1024)
            errors.Add($"Polling.MaxBodyBytes: must be at least 1024, got {options.MaxBodyBytes}");
        if (string.IsNullOrWhiteSpace(options.UserAgent))
            errors.Add("Polling.UserAgent: must not be empty");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The longest duration FeedHub takes: .NET's timers and HTTP timeouts wait at most 2^31 - 1 ms (24.8 days), and a
    /// longer ConnectTimeout stopped every fetch with an ArgumentOutOfRangeException after the file had been accepted.
    /// </summary>
    internal static readonly TimeSpan Longest = TimeSpan.FromDays(24);

    /// <summary>Why a duration is longer than FeedHub can wait, or null when it is not.</summary>
    internal static string? TooLong(TimeSpan value) =>
        value > Longest ? $"{value:c} is longer than {Longest:c}, the longest duration FeedHub takes" : null;

    /// <summary>
    /// The longest interval between polls: a year. Intervals are Quartz trigger times, not timers, so a monthly feed is
    /// fine; the bound only keeps "now + interval" a date.
    /// </summary>
    internal static readonly TimeSpan LongestInterval = TimeSpan.FromDays(366);

    /// <summary>Why an interval between polls is longer than FeedHub takes, or null when it is not.</summary>
    internal static string? TooLongInterval(TimeSpan interval) =>
        interval > LongestInterval ? $"{interval:c} is longer than {LongestInterval:c}, the longest interval FeedHub takes" : null;

    /// <summary>Why an interval is below the floor, or null when it is not (a floor that is not positive is refused on its own).</summary>
    internal static string? TooShort(TimeSpan interval, TimeSpan minimum) =>
        minimum > TimeSpan.Zero && interval < minimum
            ? $"{interval:c} is shorter than the minimum interval {minimum:c} (Polling.MinInterval)"
            : null;
}

internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.AllowedNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.AllowedNetworks[i], out _))
                errors.Add($"Network.AllowedNetworks[{i}]: '{options.AllowedNetworks[i]}' is not a CIDR range such as 127.0.0.0/8");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <param name="minInterval">Polling.MinInterval, the floor of every source's own interval.</param>
internal sealed partial class CatalogOptionsValidator(TimeSpan minInterval) : IValidateOptions<CatalogOptions>
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    /// <summary>The longest source id: a name people type, in URLs, logs and the store's keys.</summary>
    internal const int MaxIdLength = 100;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SourceIdPattern();

    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var errors = new List<string>();
        var slugs = ValidateSections(options.Sections, errors);
        ValidateSources(options.Sources, slugs, minInterval, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static HashSet<string> ValidateSections(List<SectionOptions> sections, List<string> errors)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            var key = $"Sections[{i}]";
            if (!SlugPattern().IsMatch(section.Slug))
                errors.Add($"{key}.Slug: '{section.Slug}' must be lower-case letters, digits and single dashes (e.g. world-defense)");
            else if (section.Slug == SectionOptions.AllSlug)
                errors.Add($"{key}.Slug: 'all' is reserved for the feed of every article");
            else if (!slugs.Add(section.Slug))
                errors.Add($"{key}.Slug: '{section.Slug}' is defined twice");
            if (string.IsNullOrWhiteSpace(section.Name))
                errors.Add($"{key}.Name: must not be empty");
            // Names and descriptions go into published XML (feeds, OPML), which can't hold a control character at all.
            foreach (var (setting, text) in new[] { ("Name", section.Name), ("Description", section.Description) })
                if (SettingText.ControlCharacterProblem($"{key}.{setting}", text) is { } control) errors.Add(control);
            ValidateRules($"{key}.Include", section.Include, errors);
            ValidateRules($"{key}.Exclude", section.Exclude, errors);
        }
        return slugs;
    }

    private static void ValidateRules(string key, SectionRuleOptions? rules, List<string> errors)
    {
        if (rules is null) return;
        for (var i = 0; i < rules.UrlPrefixes.Count; i++)
            if (!Uri.TryCreate(rules.UrlPrefixes[i], UriKind.Absolute, out _))
                errors.Add($"{key}.UrlPrefixes[{i}]: '{rules.UrlPrefixes[i]}' is not an absolute URL");
        for (var i = 0; i < rules.Patterns.Count; i++)
        {
            try
            {
                _ = new Regex(rules.Patterns[i], RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{key}.Patterns[{i}]: '{rules.Patterns[i]}' is not a valid regular expression ({e.Message.Split(" - ").Last().TrimEnd('.')})");
            }
        }
    }

    /// <summary>Kind is feed or page; the listing selectors belong to a page source, need Items, and must parse.</summary>
    private static void ValidateListing(string key, SourceOptions source, List<string> errors)
    {
        if (source.Kind is { } kind && !kind.Equals("feed", StringComparison.OrdinalIgnoreCase) && !kind.Equals("page", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}.Kind: '{kind}' is not a kind of source; use \"feed\" (RSS, Atom, JSON Feed) or \"page\" (an HTML page listing articles)");
            return;
        }
        var selectors = new[] { ("Items", source.Items), ("Link", source.Link), ("Title", source.Title), ("Date", source.Date) }
            .Where(s => s.Item2 is not null).ToList();
        if (selectors.Count == 0) return;
        if (source.ParsedKind != SourceKind.Page)
            errors.Add($"{key}.{selectors[0].Item1}: listing selectors are for a page source; add \"Kind\": \"page\" or remove it");
        else if (string.IsNullOrWhiteSpace(source.Items))
            errors.Add($"{key}.Items: the selector of each article's block is needed when {selectors[0].Item1} is given");
        foreach (var (name, selector) in selectors)
            if (CssSelectors.Problem(selector!) is { } problem)
                errors.Add($"{key}.{name}: '{selector}' is not a valid CSS selector{problem}");
    }

    private static void ValidateSources(List<SourceOptions> sources, HashSet<string> slugs, TimeSpan minInterval, List<string> errors)
    {
        // Ids are unique without regard to case: people type them into URLs (/api/sources/{id}) and commands, and
        // 'BBC' beside 'bbc' would be two sources everyone takes for one.
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var key = $"Sources[{i}]";
            if (!SourceIdPattern().IsMatch(source.Id))
                errors.Add($"{key}.Id: '{source.Id}' must start with a letter or digit and hold only letters, digits, '.', '_' and '-'");
            else if (source.Id.Length > MaxIdLength) // POST /api/sources took a 3,000,000-character id into the file, every log line and URL
                errors.Add($"{key}.Id: '{source.Id[..20]}...' is {source.Id.Length} characters long; an id is at most {MaxIdLength}");
            else if (ids.TryGetValue(source.Id, out var first))
                errors.Add(sources[first].Id == source.Id
                    ? $"{key}.Id: '{source.Id}' is used by another source"
                    : $"{key}.Id: '{source.Id}' differs only in case from '{sources[first].Id}' (Sources[{first}].Id); ids are compared without case, so give it another");
            else
                ids.Add(source.Id, i);
            if (SettingText.ControlCharacterProblem($"{key}.Name", source.Name) is { } badName)
                errors.Add(badName + " (the name is written into OPML and feed XML, which can't hold one)");
            // Uri takes a NUL or a line break inside a URL; it is refused here, by name, and never echoed back raw.
            if (SettingText.ControlCharacterProblem($"{key}.Url", source.Url) is { } control)
                errors.Add(control + " (percent-encode it if it is really part of the address)");
            else if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                errors.Add($"{key}.Url: '{source.Url}' is not an absolute http:// or https:// URL");
            if (source.Interval is { } interval && interval <= TimeSpan.Zero)
                errors.Add($"{key}.Interval: must be positive, got {interval}");
            else if (source.Interval is { } positive
                     && (PollingOptionsValidator.TooShort(positive, minInterval) ?? PollingOptionsValidator.TooLongInterval(positive)) is { } problem)
                errors.Add($"{key}.Interval: {problem}");
            foreach (var slug in source.AllSections().Where(s => !slugs.Contains(s)))
                errors.Add($"{key}.Sections: '{slug}' is not a section defined under Sections");
            ValidateListing(key, source, errors);
        }
    }
}
