using Npgsql;

namespace FeedHub.Tests.TestSupport;

/// <summary>
/// The PostgreSQL server the tests may use, named by FEEDHUB_TEST_POSTGRES (a connection string to a role that may
/// create databases). `eval "$(.ci/postgres start)"` starts a throwaway one and sets it; .ci/run does so and sets
/// FEEDHUB_REQUIRE_POSTGRES=1 as well.
/// </summary>
public static class Postgres
{
    private static string? Server => Environment.GetEnvironmentVariable("FEEDHUB_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public static bool IsAvailable => Server is not null;

    /// <summary>
    /// Skips the test when no server is named, or fails it with FEEDHUB_REQUIRE_POSTGRES=1 (as .ci/run sets), so that CI
    /// never passes by skipping a PostgreSQL test.
    /// </summary>
    public static void Require()
    {
        if (Server is not null) return;
        const string why = "no PostgreSQL server: set FEEDHUB_TEST_POSTGRES, e.g. eval \"$(.ci/postgres start)\"";
        if (Environment.GetEnvironmentVariable("FEEDHUB_REQUIRE_POSTGRES") == "1") Assert.Fail(why + "; FEEDHUB_REQUIRE_POSTGRES=1 requires it");
        Skip.If(true, why);
    }

    /// <summary>Creates an empty database of its own for one test and returns the connection string to it.</summary>
    public static string CreateDatabase()
    {
        Require();
        var name = "feedhub_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(Server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }
}
