using System.Globalization;

namespace FeedHub.Core.Fetching;

/// <summary>
/// The rules of one robots.txt (RFC 9309) for one crawler: the group naming the crawler's product token (every such group,
/// merged), else the <c>*</c> group, else none. A path is allowed unless the longest matching rule is a Disallow; an Allow
/// of the same length wins (section 2.2.2). <c>*</c> matches any characters and a final <c>$</c> the end of the path.
/// <c>Crawl-delay</c> is not in the RFC, but widely given; it is read from the same group.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>Crawlers must read at least this much of a robots.txt (RFC 9309 section 2.5); the rest is ignored.</summary>
    public const int MaxBytes = 500 * 1024;

    /// <summary>No rule: everything allowed (a 4xx robots.txt, or none for this crawler).</summary>
    public static readonly RobotsTxt AllowAll = new([], null);

    /// <summary>Everything refused (RFC 9309 section 2.3.1.4: a robots.txt that is unreachable).</summary>
    public static readonly RobotsTxt DisallowAll = new([new Rule("/", false)], null);

    private readonly IReadOnlyList<Rule> rules;

    private RobotsTxt(IReadOnlyList<Rule> rules, TimeSpan? crawlDelay)
    {
        this.rules = rules;
        CrawlDelay = crawlDelay;
    }

    /// <summary>The minimum spacing the site asks for between requests, if it asks.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>The rules of <paramref name="text"/> for the crawler whose product token is <paramref name="productToken"/> (e.g. "FeedHub").</summary>
    public static RobotsTxt Parse(string text, string productToken)
    {
        var mine = new Group();
        var anyone = new Group();
        var current = new List<Group>(); // the groups the lines being read belong to
        var inUserAgents = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#', 2)[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key is "user-agent")
            {
                if (!inUserAgents) current.Clear(); // a user-agent line after rules starts a new group
                inUserAgents = true;
                if (value == "*") current.Add(anyone);
                else if (string.Equals(value.Split('/')[0].Trim(), productToken, StringComparison.OrdinalIgnoreCase))
                    current.Add(mine);
                else current.Add(new Group()); // someone else's: read and dropped
                continue;
            }
            inUserAgents = false;
            foreach (var group in current)
            {
                group.Named = true;
                switch (key)
                {
                    case "allow" or "disallow" when value.Length > 0: // an empty Disallow allows everything: no rule
                        group.Rules.Add(new Rule(value, key == "allow"));
                        break;
                    case "crawl-delay" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
                        group.CrawlDelay = TimeSpan.FromSeconds(Math.Min(seconds, 86_400));
                        break;
                }
            }
        }
        var chosen = mine.Named || mine.Rules.Count > 0 ? mine : anyone;
        return new RobotsTxt(chosen.Rules, chosen.CrawlDelay);
    }

    /// <summary>Whether <paramref name="url"/>'s path and query may be fetched.</summary>
    public bool Allows(Uri url)
    {
        var path = url.PathAndQuery;
        Rule? best = null;
        var bestLength = -1;
        foreach (var rule in rules)
        {
            if (!rule.Matches(path)) continue;
            if (rule.Pattern.Length > bestLength || rule.Pattern.Length == bestLength && rule.Allow)
                (best, bestLength) = (rule, rule.Pattern.Length);
        }
        return best?.Allow ?? true;
    }

    private sealed class Group
    {
        public bool Named { get; set; }
        public List<Rule> Rules { get; } = [];
        public TimeSpan? CrawlDelay { get; set; }
    }

    private sealed record Rule(string Pattern, bool Allow)
    {
        private readonly string normalized = Normalize(Pattern);

        public bool Matches(string path) => Match(normalized, Normalize(path));

        /// <summary>Percent-encodings compared in one case (RFC 9309 section 2.2.2 compares octets, %aa is %AA).</summary>
        private static string Normalize(string value) =>
            value.Contains('%') ? System.Text.RegularExpressions.Regex.Replace(value, "%[0-9a-fA-F]{2}", m => m.Value.ToUpperInvariant()) : value;

        /// <summary>
        /// Wildcard matching that backtracks only to the last <c>*</c>, so a robots.txt full of stars costs at most
        /// pattern times path steps, never an exponential search. A pattern without a final <c>$</c> is a prefix.
        /// </summary>
        private static bool Match(string pattern, string path)
        {
            pattern = pattern.EndsWith('$') ? pattern[..^1] : pattern + "*";
            int p = 0, i = 0, star = -1, resume = 0;
            while (i < path.Length)
            {
                if (p < pattern.Length && pattern[p] == '*') (star, resume) = (p++, i);
                else if (p < pattern.Length && pattern[p] == path[i]) (p, i) = (p + 1, i + 1);
                else if (star >= 0) (p, i) = (star + 1, ++resume);
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }
    }
}
