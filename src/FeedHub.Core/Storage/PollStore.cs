using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>
/// What one poll stores: the source's new state, its new articles (with their memberships and sections), what it said
/// anew of items it listed before, and the poll's history row (its new_articles filled in by <see cref="PollStore.Save"/>).
/// </summary>
public sealed record PollSave(Source Source, SourceState State, IReadOnlyList<Article> NewArticles, IReadOnlyList<Revision> Revisions,
    PollRecord? History = null);

/// <summary>What a saved poll stored: entries new to the source (stored, or linked to a story stored already), and the sections revisions touched.</summary>
public sealed record PollSaved(int Added, int Linked, IReadOnlySet<string> RevisedSections)
{
    /// <summary>New stories stored (entries linked to a story already stored are not new to readers).</summary>
    public int Stored => Added - Linked;
}

/// <summary>
/// Saves a poll in one transaction it owns: all of a poll is stored, or none of it. This is what makes a poll repeated
/// on another worker (a crashed worker's poll recovered by the cluster) store nothing twice: the unique keys (a source's
/// guid, a story's id, a section membership) turn a repeat into no rows, and nothing half-stored is left for it to meet.
/// </summary>
public sealed class PollStore(Database database)
{
    public PollSaved Save(PollSave poll)
    {
        PollSaved? saved = null;
        database.InTransaction(transaction =>
        {
            SourceStore.Save(transaction, poll.Source, poll.State);
            var added = ArticleStore.Insert(transaction, poll.NewArticles, out var linked);
            var revised = ArticleStore.Revise(transaction, poll.Revisions);
            saved = new PollSaved(added, linked, revised);
            if (poll.History is { } history)
                PollHistory.Record(transaction, history with { NewArticles = saved.Stored }, database.WorkerId);
        });
        return saved!;
    }
}
