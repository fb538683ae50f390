namespace FeedHub.Core.Model;

/// <summary>A feed FeedHub polls, as the operator configured it.</summary>
public sealed record Source(
    string Id,
    Uri Url,
    string Name,
    IReadOnlyList<string> Sections,
    TimeSpan Interval,
    bool Enabled);
