using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Configuration;

public sealed class ConfigurationLoadTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private const string ValidSource = """{ "Id": "a", "Url": "https://example.com/feed.xml", "Section": "news" }""";

    private string WriteConfig(string sources, string extra = "") => dir.Write("feedhub.json", $$"""
        {
          // comments and trailing commas are accepted, as in any .NET JSON configuration
          {{extra}}
          "Sections": [ { "Slug": "news", "Name": "News" }, ],
          "Sources": [ {{sources}} ]
        }
        """);

    [Fact]
    public void A_valid_file_loads_with_the_declared_defaults()
    {
        var configuration = FeedHubConfiguration.Load(WriteConfig(ValidSource));

        var source = Assert.Single(configuration.EnabledSources());
        Assert.Equal("a", source.Id);
        Assert.Equal("a", source.Name); // the id stands in for a missing name
        Assert.Equal(["news"], source.Sections);
        Assert.Equal(new PollingOptions().DefaultInterval, source.Interval);
        Assert.Equal("data/feedhub.db", configuration.Store.Path);
        Assert.Equal(StoreProvider.Sqlite, configuration.Store.Provider);
        Assert.Equal("http://127.0.0.1:5080", configuration.Http.Url);
    }

    [Fact]
    public void Overrides_win_over_the_file()
    {
        var configuration = FeedHubConfiguration.Load(WriteConfig(ValidSource),
            new Dictionary<string, string?> { ["Store:Path"] = "/tmp/other.db", ["Sources:0:Interval"] = "00:01:00" });

        Assert.Equal("/tmp/other.db", configuration.Store.Path);
        Assert.Equal(TimeSpan.FromMinutes(1), configuration.EnabledSources()[0].Interval);
    }

    [Fact]
    public void Durations_take_days_and_the_minimum_interval_can_be_lowered_by_name()
    {
        var configuration = FeedHubConfiguration.Load(WriteConfig(
            """{ "Id": "a", "Url": "https://e.com/f", "Interval": "1.00:00:00" }, { "Id": "b", "Url": "https://e.com/g", "Interval": "00:00:05" }""",
            """ "Polling": { "MinInterval": "00:00:05" }, """));

        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromSeconds(5)], configuration.EnabledSources().Select(s => s.Interval));
    }

    [Fact]
    public void Disabled_sources_are_not_polled()
    {
        var configuration = FeedHubConfiguration.Load(WriteConfig(ValidSource + """
            , { "Id": "b", "Url": "https://example.com/b.xml", "Enabled": false }
            """));

        Assert.Equal(["a"], configuration.EnabledSources().Select(s => s.Id));
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        // sources, extra settings, what the one-line error must say
        { """{ "Id": "a", "Url": "not a url" }""", "", "Sources[0].Url: 'not a url' is not an absolute http:// or https:// URL" },
        { """{ "Id": "a", "Url": "ftp://example.com/feed" }""", "", "Sources[0].Url: 'ftp://example.com/feed'" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": "soon" }""", "", "Sources[0].Interval: 'soon' is not a duration such as 00:15:00" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Intervall": "00:10:00" }""", "", "Sources[0].Intervall: unknown setting" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Section": "sport" }""", "", "Sources[0].Sections: 'sport' is not a section defined under Sections" },
        { ValidSource + ", " + ValidSource, "", "Sources[1].Id: 'a' is used by another source" },
        { """{ "Id": "", "Url": "https://e.com/f" }""", "", "Sources[0].Id: '' must start with a letter or digit" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Enabled": "maybe" }""", "", "Sources[0].Enabled: 'maybe' is not true or false" },
        { ValidSource, """ "Polling": { "DefaultInterval": "-00:05:00" }, """, "Polling.DefaultInterval: must be positive" },
        { ValidSource, """ "Polling": { "MaxBodyBytes": "lots" }, """, "Polling.MaxBodyBytes: 'lots' is not a whole number" },
        { ValidSource, """ "Polling": { "MaxQueuedPageBytes": 65536 }, """, "Polling.MaxQueuedPageBytes: must be at least 1048576 (1 MiB), got 65536" },
        { ValidSource, """ "Http": { "Url": "localhost:80" }, """, "Http.Url: 'localhost:80' is not an absolute http:// or https:// URL" },
        { ValidSource, """ "Stor": { "Path": "x.db" }, """, "Stor: unknown setting" },
        // A key given twice: the JSON provider would throw "A duplicate key ... was found" (issue 14 item 1).
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": "00:30:00", "Interval": "01:00:00" }""", "", "Sources[0].Interval: the key is given twice" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": "00:30:00", "interval": "01:00:00" }""", "", "Sources[0].interval: the key is given twice" },
        { ValidSource, """ "Polling": { "MaxBodyBytes": 1000, "MaxBodyBytes": 2000 }, """, "Polling.MaxBodyBytes: the key is given twice" },
        { ValidSource, """ "Http": { "Url": "http://127.0.0.1:5080" }, "http": { "ApiKey": "0123456789abcdef" }, """, "http: the key is given twice" },
        { ValidSource, """ "Http": { "Url": "http://127.0.0.1:5080" }, "Http:Url": "http://127.0.0.1:5081", """, "Http.Url: the key is given twice" },
        // Wrong types the binder used to ignore or misread (issue 17 item 6).
        { """{ "Id": "a", "Url": "https://e.com/f", "Sections": "news" }""", "", "Sources[0].Sections: 'news' is a single value; a list is expected, such as [ \"news\" ]" },
        { ValidSource, """ "Network": { "AllowedNetworks": "127.0.0.1/32" }, """, "Network.AllowedNetworks: '127.0.0.1/32' is a single value; a list is expected" },
        { ValidSource, """ "Polling": "fast", """, "Polling: 'fast' is a single value; an object { ... } of settings is expected" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Section": [ "news" ] }""", "", "Sources[0].Section: a list or an object where a single value is expected" },
        { """{ "Id": 5, "Url": "https://e.com/f" }""", "", "Sources[0].Id: 5 is not text; write it in quotes (\"5\")" },
        { ValidSource, """ "Network": { "AllowedNetworks": [ "10.0.0.0/8", true ] }, """, "Network.AllowedNetworks[1]: true is not text" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": "3" }""", "", "Sources[0].Interval: '3' is not a duration such as 00:15:00 (hh:mm:ss)" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": 3 }""", "", "Sources[0].Interval: '3' is not a duration such as 00:15:00 (hh:mm:ss)" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": "00:15" }""", "", "Sources[0].Interval: '00:15' is not a duration" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": "00:00:01" }""", "", "Sources[0].Interval: 00:00:01 is shorter than the minimum interval 00:01:00 (Polling.MinInterval)" },
        { ValidSource, """ "Polling": { "DefaultInterval": "00:00:30" }, """, "Polling.DefaultInterval: 00:00:30 is shorter than the minimum interval 00:01:00" },
        // Accepted once, then every fetch died: SocketsHttpHandler takes at most 2^31 - 1 ms.
        { ValidSource, """ "Polling": { "ConnectTimeout": "10675199.02:48:05" }, """, "Polling.ConnectTimeout: 10675199.02:48:05 is longer than 24.00:00:00, the longest duration FeedHub takes" },
        { ValidSource, """ "Polling": { "DefaultInterval": "400.00:00:00" }, """, "Polling.DefaultInterval: 400.00:00:00 is longer than 366.00:00:00" },
        { """{ "Id": "a", "Url": "https://e.com/f", "Interval": "400.00:00:00" }""", "", "Sources[0].Interval: 400.00:00:00 is longer than 366.00:00:00" },
        { ValidSource, """ "Polling": { "MinInterval": "00:00:00" }, """, "Polling.MinInterval: must be positive" },
        // The store's provider is named, not numbered, and PostgreSQL needs somewhere to connect to (issue 19).
        { ValidSource, """ "Store": { "Provider": "postgress" }, """, "Store.Provider: 'postgress' is not one of sqlite, postgres" },
        { ValidSource, """ "Store": { "Provider": "1" }, """, "Store.Provider: '1' is not one of sqlite, postgres" },
        { ValidSource, """ "Store": { "Provider": "postgres" }, """, "Store.ConnectionString: must be set when Store.Provider is postgres" },
        // A control character inside a URL was taken: Uri accepts a NUL.
        { """{ "Id": "a", "Url": "https://e.com/f\u0000x" }""", "", "Sources[0].Url: contains the control character U+0000 at character 16" },
        // A control character in a name was saved through the console, and then GET /console/opml/export answered 500.
        { """{ "Id": "a", "Url": "https://e.com/f", "Name": "Bad\u0001Name" }""", "", "Sources[0].Name: contains the control character U+0001 at character 4" },
        { $$"""{ "Id": "{{new string('a', 101)}}", "Url": "https://e.com/f" }""", "", "Sources[0].Id: 'aaaaaaaaaaaaaaaaaaaa...' is 101 characters long; an id is at most 100" },
        // Ids that differ only in case were two sources; ids are in URLs, where people don't expect case to matter.
        { ValidSource + """, { "Id": "A", "Url": "https://e.com/g" }""", "", "Sources[1].Id: 'A' differs only in case from 'a' (Sources[0].Id)" },
        // Header-bound settings with a line break or a character outside ASCII failed every request they went out with.
        { ValidSource, """ "Polling": { "UserAgent": "FeedHub\nX-Injected: 1" }, """, "Polling.UserAgent: contains the control character U+000A at character 8" },
        { ValidSource, """ "Polling": { "UserAgent": "FeedHub (Z\u00fcrich)" }, """, "Polling.UserAgent: has the character U+00FC at character 11, outside ASCII" },
        { ValidSource, """ "Polling": { "ContactUrl": "https://e.com/\tme" }, """, "Polling.ContactUrl: contains the control character U+0009 at character 15" },
        { ValidSource, """ "Http": { "ApiKey": "0123456789abcd\u00e9f" }, """, "Http.ApiKey: has the character U+00E9 at character 15, outside ASCII" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_is_refused_with_the_file_the_key_and_the_problem(string sources, string extra, string expected)
    {
        var path = WriteConfig(sources, extra);

        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_folder_given_as_the_configuration_is_called_a_folder()
    {
        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(dir.Path));

        Assert.Equal($"{dir.Path}: is a folder, not a configuration file (such as {Path.Combine(dir.Path, "feedhub.json")})", error.Message);
    }

    [Fact]
    public void A_control_character_in_a_section_description_is_refused_by_name()
    {
        var path = dir.Write("feedhub.json", """{ "Sections": [ { "Slug": "news", "Name": "News", "Description": "a\u0000" } ] }""");

        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(path));

        Assert.Contains("Sections[0].Description: contains the control character U+0000 at character 2", error.Message);
    }

    [Fact]
    public void A_monthly_interval_is_taken_though_timeouts_stop_at_24_days()
    {
        var path = WriteConfig("""{ "Id": "a", "Url": "https://e.com/f", "Interval": "31.00:00:00" }""",
            """ "Polling": { "DefaultInterval": "30.00:00:00" }, """);

        var configuration = FeedHubConfiguration.Load(path);

        Assert.Equal(TimeSpan.FromDays(31), configuration.Catalog.Sources.Single().Interval);
        Assert.Equal(TimeSpan.FromDays(30), configuration.Polling.DefaultInterval);
    }

    [Fact]
    public void Invalid_json_names_the_line()
    {
        var path = dir.Write("feedhub.json", "{\n  \"Store\": { \"Path\": \"x.db\" }\n  \"Sources\": []\n}");

        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(path));

        Assert.StartsWith(path + ": line 3, column 3: not valid JSON", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = dir.File("absent.json");

        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(path));

        Assert.Equal(path + ": the configuration file does not exist", error.Message);
    }

    [Fact]
    public void The_shipped_configuration_is_valid()
    {
        var shipped = FindRepoFile("config/feedhub.json");

        var configuration = FeedHubConfiguration.Load(shipped);

        Assert.Contains(configuration.EnabledSources(), s => s.Url.Host == "samples.feedhub.invalid"); // the offline samples
        Assert.Empty(configuration.Network.AllowedNetworks); // nothing that feed content could reach (issue 14 item 5)
    }

    internal static string FindRepoFile(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "FeedHub.sln")))
                return Path.Combine(d.FullName, relative);
        throw new FileNotFoundException("FeedHub.sln not found above the test binaries");
    }

    public void Dispose() => dir.Dispose();
}
