using FeedHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FeedHub.Tests.Commands;

/// <summary>
/// What, in the SQLite that FeedHub ships, stops `VACUUM INTO` (issue 14 item 8): not the read-only connection
/// `feedhub query` used to rely on. These pin the engine's behaviour that ReadOnlyQuery's layers are built on.
/// </summary>
public sealed class ReadOnlyQueryEngineTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public ReadOnlyQueryEngineTests()
    {
        using var connection = new SqliteConnection($"Data Source={dir.File("store.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE articles (title TEXT); INSERT INTO articles VALUES ('a');";
        command.ExecuteNonQuery();
    }

    private SqliteConnection OpenReadOnly()
    {
        var connection = new SqliteConnection($"Data Source={dir.File("store.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void A_read_only_connection_alone_lets_VACUUM_INTO_write_a_new_file()
    {
        using var connection = OpenReadOnly();

        Execute(connection, $"VACUUM INTO '{dir.File("copy.db")}'");

        Assert.True(File.Exists(dir.File("copy.db")));
    }

    [Fact]
    public void SQLite_does_not_call_VACUUM_INTO_read_only_so_query_refuses_it_before_it_runs()
    {
        using var connection = OpenReadOnly();

        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, $"VACUUM INTO '{dir.File("copy.db")}'", out var vacuum));
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, "SELECT title FROM articles", out var select));
        using (vacuum)
        using (select)
        {
            Assert.Equal(0, raw.sqlite3_stmt_readonly(vacuum));
            Assert.NotEqual(0, raw.sqlite3_stmt_readonly(select));
        }
    }

    [Fact]
    public void Query_only_stops_the_copy_but_not_the_file_and_an_authorizer_that_denies_attach_stops_both()
    {
        using (var connection = OpenReadOnly())
        {
            Execute(connection, "PRAGMA query_only = ON");
            var error = Assert.Throws<SqliteException>(() => Execute(connection, $"VACUUM INTO '{dir.File("a.db")}'"));
            Assert.Equal(raw.SQLITE_READONLY, error.SqliteErrorCode);
        }
        using (var connection = OpenReadOnly())
        {
            var asked = new List<int>();
            strdelegate_authorizer denyAttach = (_, action, _, _, _, _) =>
            {
                asked.Add(action);
                return action == raw.SQLITE_ATTACH ? raw.SQLITE_DENY : raw.SQLITE_OK;
            };
            raw.sqlite3_set_authorizer(connection.Handle, denyAttach, null);
            var error = Assert.Throws<SqliteException>(() => Execute(connection, $"VACUUM INTO '{dir.File("b.db")}'"));
            Assert.Equal(raw.SQLITE_AUTH, error.SqliteErrorCode);
            Assert.Contains(raw.SQLITE_ATTACH, asked); // VACUUM INTO attaches its target: the authorizer sees an ATTACH
        }
        Assert.Equal(0, new FileInfo(dir.File("a.db")).Length); // query_only stops the copy only after creating its (empty) file
        Assert.False(File.Exists(dir.File("b.db")));
    }

    public void Dispose() => dir.Dispose();
}
