namespace FeedHub.Core.Configuration;

/// <summary>What kind of problem a <see cref="ConfigurationException"/> reports, for callers that answer each differently.</summary>
public enum ConfigurationProblem
{
    /// <summary>The file, a key or a value is wrong (or an edit would make it so).</summary>
    Invalid,
    /// <summary>An edit adds a source or section whose id or slug the file has already.</summary>
    AlreadyExists,
    /// <summary>An edit names a source or section the file does not have.</summary>
    NotFound,
}
