using System.Data.Common;

namespace FeedHub.Core.Storage;

/// <summary>
/// The commands of one transaction kept by their SQL, so that a statement run for each article of a poll is compiled
/// once per poll rather than once per article. SQLite compiles a command's SQL when it first runs and keeps the compiled
/// statement with the command (issue 18: in the ingest benchmark, compiling the same few statements again for each of
/// 10,000 articles was about two thirds of SQLite's CPU). Each <see cref="Command"/> call hands back the same command
/// for the same SQL with its parameters cleared, so a caller binds all of its parameters every time and must be done
/// with the command (its reader closed) before asking for it again.
/// </summary>
internal sealed class Statements(DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);

    public DbTransaction Transaction => transaction;

    public DbConnection Connection => transaction.Connection!;

    /// <summary>The transaction's command for <paramref name="sql"/>, without parameters; owned by this cache, not to be disposed.</summary>
    public DbCommand Command(string sql)
    {
        if (commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }
        command = transaction.Command(sql);
        commands.Add(sql, command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in commands.Values) command.Dispose();
        commands.Clear();
    }
}
