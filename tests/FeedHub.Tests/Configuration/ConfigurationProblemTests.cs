using FeedHub.Core.Configuration;
using FeedHub.Tests.TestSupport;

namespace FeedHub.Tests.Configuration;

/// <summary>
/// The edits of the config file say which kind of problem stopped them, so that the API answers 404, 409 or 400 from the
/// kind, not from the words of the message (a message quotes the operator's own values, which may say anything).
/// </summary>
public sealed class ConfigurationProblemTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public void Adding_a_source_or_section_that_exists_is_a_conflict()
    {
        var config = TestConfig.Write(dir, ("gsm", new Uri("https://news.example.com/feed/"), "01:00:00"));

        var source = Assert.Throws<ConfigurationException>(() =>
            SourcesFile.Add(config, new SourceOptions { Id = "gsm", Url = "https://other.example.com/feed/" }));
        var section = Assert.Throws<ConfigurationException>(() =>
            SectionsFile.Add(config, new SectionOptions { Slug = TestConfig.Section, Name = "Again" }));

        Assert.Equal(ConfigurationProblem.AlreadyExists, source.Problem);
        Assert.Equal(ConfigurationProblem.AlreadyExists, section.Problem);
    }

    [Fact]
    public void Editing_or_removing_a_source_the_file_lacks_is_not_found()
    {
        var config = TestConfig.Write(dir, ("gsm", new Uri("https://news.example.com/feed/"), "01:00:00"));

        var removed = Assert.Throws<ConfigurationException>(() => SourcesFile.Remove(config, "nobody"));
        var edited = Assert.Throws<ConfigurationException>(() => SourcesFile.Edit(config, "nobody", new SourceEdit { Name = "x" }));

        Assert.Equal(ConfigurationProblem.NotFound, removed.Problem);
        Assert.Equal(ConfigurationProblem.NotFound, edited.Problem);
    }

    [Fact]
    public void An_edit_that_would_leave_a_bad_file_is_invalid_whatever_its_message_quotes()
    {
        var config = TestConfig.Write(dir, ("gsm", new Uri("https://news.example.com/feed/"), "01:00:00"));

        var edited = Assert.Throws<ConfigurationException>(() =>
            SourcesFile.Edit(config, "gsm", new SourceEdit { Url = "no source has the id" }));
        var added = Assert.Throws<ConfigurationException>(() =>
            SourcesFile.Add(config, new SourceOptions { Id = "new", Url = "exists already" }));

        Assert.Equal(ConfigurationProblem.Invalid, edited.Problem);
        Assert.Contains("(the file was not changed)", edited.Message);
        Assert.Equal(ConfigurationProblem.Invalid, added.Problem);
    }

    public void Dispose() => dir.Dispose();
}
