using FeedHub.Corpora;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// An external corpus a test needs (see <see cref="Corpora"/>). Without it the test is skipped with the reason and
/// where to get it; with FEEDHUB_REQUIRE_CORPORA=1 (as .ci/run sets) it fails instead, so CI never passes by skipping.
/// Tests that call this are [SkippableFact] or [SkippableTheory].
/// </summary>
public static class Corpus
{
    public static string Require(string name)
    {
        if (Corpora.Corpora.Find(name) is { } folder) return folder;
        var reason = Corpora.Corpora.MissingReason(name);
        if (Corpora.Corpora.AreRequired)
            throw new DirectoryNotFoundException($"{reason} ({Corpora.Corpora.RequireVariable} is set, so this fails instead of skipping)");
        throw new SkipException(reason);
    }
}
