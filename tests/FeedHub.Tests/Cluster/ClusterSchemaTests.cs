using FeedHub.Core.Configuration;
using FeedHub.Scheduling;
using FeedHub.Tests.TestSupport;
using Npgsql;

namespace FeedHub.Tests.Cluster;

/// <summary>The cluster's tables made once by workers starting together, and the clear errors of a bad cluster setup.</summary>
public sealed class ClusterSchemaTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [SkippableFact]
    public async Task Workers_starting_at_once_make_the_tables_once()
    {
        var database = Postgres.CreateDatabase();
        var versions = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => ClusterSchema.MigrateAsync(database, CancellationToken.None))));

        Assert.All(versions, v => Assert.Equal(ClusterSchema.LatestVersion, v));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE 'qrtz_%' OR tablename LIKE 'cluster_%')", connection);
        Assert.Equal(15L, await tables.ExecuteScalarAsync()); // Quartz's 12, cluster_settings, cluster_workers, cluster_host_waits
        await using var version = new NpgsqlCommand("SELECT value FROM cluster_settings WHERE name = 'schema_version'", connection);
        Assert.Equal(ClusterSchema.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await version.ExecuteScalarAsync());
        // Run again on a database that has them: nothing to do, nothing fails.
        Assert.Equal(ClusterSchema.LatestVersion, await ClusterSchema.MigrateAsync(database, CancellationToken.None));
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_is_one_clear_error()
    {
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var closed = ((System.Net.IPEndPoint)port.LocalEndpoint).Port;
        port.Stop(); // nothing listens there now

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            ClusterSchema.MigrateAsync($"Host=127.0.0.1;Port={closed};Username=feedhub;Database=feedhub;Timeout=3", CancellationToken.None));
        Assert.StartsWith($"PostgreSQL at 127.0.0.1:{closed} (database feedhub) can't be reached", error.Message);
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("01:00:00")]
    public void A_checkin_interval_out_of_range_stops_the_start(string interval)
    {
        var path = dir.Write("feedhub.json", $$"""{ "Cluster": { "CheckinInterval": "{{interval}}" } }""");
        var error = Assert.Throws<ConfigurationException>(() => FeedHubConfiguration.Load(path));
        Assert.Contains("Cluster.CheckinInterval: ", error.Message);
        Assert.Contains("is not between 00:00:01 and 00:10:00", error.Message);
    }

    public void Dispose() => dir.Dispose();
}
