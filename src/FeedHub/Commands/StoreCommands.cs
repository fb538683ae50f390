using System.CommandLine;
using System.Globalization;
using FeedHub.Core.Configuration;
using FeedHub.Core.Processing;
using FeedHub.Core.Storage;

namespace FeedHub.Commands;

/// <summary>The commands that read the store: status, articles list, query; and db migrate|vacuum; config check.</summary>
internal static class StoreCommands
{
    public static Command Status(Option<string> configOption)
    {
        var format = Output.FormatOption();
        var workers = new Option<bool>("--workers") { Description = "The cluster's workers instead (Store.Provider postgres): last check-in, configuration" };
        var command = new Command("status", """
            Each source's status, last success, last error, next check and article count.
            Example: feedhub status --format json
            """) { Options = { format, workers } };
        command.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            if (parse.GetValue(workers)) return await ClusterStatus.WriteWorkersAsync(configuration, parse.GetValue(format)!);
            await using var services = CommandServices.Build(configuration);
            var overview = SourceOverview.For(configuration, services.GetRequiredService<SourceStore>(), services.GetRequiredService<ArticleStore>());
            var rows = overview.Select(s =>
                new object?[] { s.Id, s.StatusText, s.ArticleCount, s.LastSuccessAt, s.NextCheckAt, s.ConsecutiveFailures,
                    s.DisabledReason ?? s.LastError }).ToList();
            if (configuration.Store.Provider == StoreProvider.Postgres)
                return ClusterStatus.WriteSources(rows, services.GetRequiredService<PollHistory>(), parse.GetValue(format)!);
            Output.Write(["id", "status", "articles", "last_success_at", "next_check_at", "failures", "last_error"], rows, parse.GetValue(format)!);
            return FeedHubCli.Ok;
        });
        return command;
    }

    public static Command Articles(Option<string> configOption)
    {
        var section = new Option<string?>("--section") { Description = "Only this section" };
        var source = new Option<string?>("--source") { Description = "Only this source" };
        var since = new Option<string?>("--since") { Description = "Only articles dated on or after this date (2025-03-21 or 2025-03-21T09:00:00Z)" };
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1-500)", DefaultValueFactory = _ => 20 };
        limit.AcceptOnly(1, 500, "--limit must be from 1 to 500");
        since.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value
                && !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                r.AddError($"--since '{value}' is not a date such as 2025-03-21 or 2025-03-21T09:00:00Z");
        });
        var format = Output.FormatOption();
        var list = new Command("list", """
            The newest articles, filtered.
            Examples:
              feedhub articles list --section world-defense --limit 5
              feedhub articles list --source bbc-world --since 2025-03-01 --format csv > bbc.csv
            """) { Options = { section, source, since, limit, format } };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            // As /api/articles does: a mistyped section or source is an error, not an empty list that looks like a quiet one.
            if (parse.GetValue(section) is { } wantedSection && configuration.Catalog.Sections.All(s => s.Slug != wantedSection))
                return await Refuse($"no section '{wantedSection}' in {configuration.FilePath}");
            if (parse.GetValue(source) is { } wantedSource && configuration.Catalog.Sources.All(s => s.Id != wantedSource))
                return await Refuse($"no source '{wantedSource}' in {configuration.FilePath}");
            await using var services = CommandServices.Build(configuration);
            var found = services.GetRequiredService<ArticleStore>().Find(new ArticleQuery
            {
                Sections = parse.GetValue(section) is { } slug ? [slug] : [],
                SourceId = parse.GetValue(source),
                Since = parse.GetValue(since) is { } date ? DateTimeOffset.Parse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
                Limit = parse.GetValue(limit),
            }, cancellationToken);
            Output.Write(["id", "published_at", "source_id", "sections", "title", "url"],
                found.Select(a => new object?[] { a.Id, a.Published, a.SourceId, a.Sections.Select(s => s.Slug), a.Title, a.Url?.AbsoluteUri }).ToList(),
                parse.GetValue(format)!);
            return FeedHubCli.Ok;
        });
        return new Command("articles", "Read stored articles.") { Subcommands = { list } };
    }

    private static async Task<int> Refuse(string error)
    {
        await Console.Error.WriteLineAsync($"feedhub: articles list: {error}");
        return FeedHubCli.UsageOrConfigError;
    }

    public static Command Query(Option<string> configOption)
    {
        var sql = new Argument<string>("sql") { Description = "One SQL statement that reads (SELECT, WITH, PRAGMA that reads)" };
        var timeout = new Option<int>("--timeout") { Description = "Stop the query after this many seconds (1-3600)", DefaultValueFactory = _ => 30 };
        timeout.AcceptOnly(1, 3600, "--timeout must be from 1 to 3600 seconds");
        var format = Output.FormatOption();
        var command = new Command("query", """
            Run one read-only SQL statement against the store (the schema is in the README; query the v_articles view).
            Only reading is allowed (no writes, ATTACH, VACUUM or pragmas that set), and the query stops after --timeout seconds.
            Example: feedhub query "SELECT source_name, count(*) AS n FROM v_articles GROUP BY 1 ORDER BY n DESC"
            """) { Arguments = { sql }, Options = { timeout, format } };
        command.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using (var services = CommandServices.Build(configuration)) { } // create and migrate the store if needed
            var budget = TimeSpan.FromSeconds(parse.GetValue(timeout));
            var result = configuration.Store.Provider == StoreProvider.Postgres
                ? RunOnPostgres(configuration.Store.ConnectionString!, budget, parse.GetValue(sql)!, out var error)
                : RunOnSqlite(Path.GetFullPath(configuration.Store.Path), budget, parse.GetValue(sql)!, out error);
            if (result is not var (columns, rows))
            {
                await Console.Error.WriteLineAsync($"feedhub: query: {error}");
                return FeedHubCli.UsageOrConfigError;
            }
            Output.Write(columns, rows, parse.GetValue(format)!);
            return FeedHubCli.Ok;
        });
        return command;
    }

    private static (IReadOnlyList<string>, IReadOnlyList<object?[]>)? RunOnSqlite(string path, TimeSpan budget, string sql, out string? error)
    {
        using var query = new ReadOnlyQuery(path, budget);
        return query.Run(sql, out error);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<object?[]>)? RunOnPostgres(string connectionString, TimeSpan budget, string sql, out string? error)
    {
        using var query = new PostgresReadOnlyQuery(connectionString, budget);
        return query.Run(sql, out error);
    }

    private static DateTimeOffset? ParseAge(string text)
    {
        var now = DateTimeOffset.UtcNow;
        if (text.Length > 1 && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            if (text[^1] == 'd') return now.AddDays(-count);
            if (text[^1] == 'h') return now.AddHours(-count);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    /// <summary>
    /// The sizes of the store's file, its write-ahead log and its shared-memory index. In WAL mode recent writes (and
    /// VACUUM's own copy) sit in the -wal file until a checkpoint, so the main file alone understates the store.
    /// </summary>
    private static long[] StoreFileSizes(string path) =>
        [.. new[] { path, path + "-wal", path + "-shm" }.Select(f => File.Exists(f) ? new FileInfo(f).Length : 0)];

    private static string KiB(long bytes) => $"{bytes / 1024} KiB";

    public static Command ConfigCheck(Option<string> configOption)
    {
        var check = new Command("check", """
            Validate the configuration and print what is in force (environment overrides applied).
            Example: FeedHub__Http__Url=http://0.0.0.0:5080 feedhub config check
            """);
        check.SetAction(parse =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            Console.WriteLine($"{configuration.FilePath}: valid");
            Console.WriteLine($"  store          {configuration.Store.Path}");
            Console.WriteLine($"  listen         {configuration.Http.Url}");
            Console.WriteLine($"  interval       {configuration.Polling.DefaultInterval:c} by default; timeouts {configuration.Polling.ConnectTimeout:c} connect, {configuration.Polling.RequestTimeout:c} total");
            Console.WriteLine($"  site rules     {configuration.SiteRules.Count} from {configuration.Extraction.RulesPath}");
            Console.WriteLine($"  allowed nets   {(configuration.Network.AllowedNetworks.Count == 0 ? "none" : string.Join(", ", configuration.Network.AllowedNetworks))}");
            Console.WriteLine($"  sections       {string.Join(", ", configuration.Catalog.Sections.Select(s => s.Slug))}");
            foreach (var options in configuration.Catalog.Sources)
            {
                var source = configuration.ToSource(options);
                Console.WriteLine($"  source {source.Id,-20} {(source.Enabled ? "every " + source.Interval.ToString("c") : "disabled"),-18} -> {string.Join(", ", source.Sections)}  {source.Url}");
            }
            return FeedHubCli.Ok;
        });
        return new Command("config", "Work with the configuration.") { Subcommands = { check } };
    }

    public static Command Db(Option<string> configOption)
    {
        var migrate = new Command("migrate", "Create the store if needed and apply the migrations it lacks (every command does this too).\nExample: feedhub db migrate");
        migrate.SetAction(parse =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            var database = new Database(configuration.Store);
            var version = database.Migrate();
            Console.WriteLine($"{database.Describe}: schema version {version}");
            return FeedHubCli.Ok;
        });
        var vacuum = new Command("vacuum", "Rebuild the store file to give back the space of deleted rows (after a large purge).\nExample: feedhub db vacuum");
        vacuum.SetAction(parse =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            var database = new Database(configuration.Store);
            database.Migrate();
            if (database.Provider == StoreProvider.Postgres)
            {
                // PostgreSQL's autovacuum gives space back to the table as it goes; VACUUM FULL locks tables and is the operator's call.
                using var connection = database.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "VACUUM (ANALYZE)";
                command.ExecuteNonQuery();
                Console.WriteLine($"{database.Describe}: vacuumed and analyzed (VACUUM FULL, which rewrites the tables, is left to the operator)");
                return FeedHubCli.Ok;
            }
            var before = StoreFileSizes(database.FilePath);
            using (var connection = database.Open())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
            }
            var after = StoreFileSizes(database.FilePath);
            Console.WriteLine($"{database.FilePath}: {KiB(before.Sum())} -> {KiB(after.Sum())} (the file with its -wal and -shm)");
            Console.WriteLine($"  before: {KiB(before[0])} + WAL {KiB(before[1])} + shm {KiB(before[2])}");
            Console.WriteLine($"  after:  {KiB(after[0])} + WAL {KiB(after[1])} + shm {KiB(after[2])}");
            return FeedHubCli.Ok;
        });
        var olderThan = new Option<string?>("--older-than") { Description = "Purge articles dated before this, however recently they were stored: a number of days (30d), hours (12h), or a date (2025-01-01)" };
        var keep = new Option<int?>("--keep-per-source") { Description = "Keep at most this many articles per source, the newest" };
        var purge = new Command("purge", """
            Purge articles now (the server does this daily by Retention.Days and Retention.MaxPerSource). --older-than goes
            by the article's date alone: unlike the daily purge, it also takes old stories that were stored recently. Each
            purged entry leaves a tombstone, so a feed that still lists it doesn't bring it back.
            Examples:
              feedhub db purge --older-than 30d
              feedhub db purge --keep-per-source 200
            """) { Options = { olderThan, keep } };
        purge.SetAction(async (parse, _) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            DateTimeOffset? cutoff = null;
            if (parse.GetValue(olderThan) is { } text && (cutoff = ParseAge(text)) is null)
            {
                await Console.Error.WriteLineAsync($"feedhub: db purge: --older-than '{text}' is not a number of days (30d), hours (12h) or a date (2025-01-01)");
                return FeedHubCli.UsageOrConfigError;
            }
            if (cutoff is null && parse.GetValue(keep) is null)
            {
                await Console.Error.WriteLineAsync("feedhub: db purge: say what to purge with --older-than or --keep-per-source");
                return FeedHubCli.UsageOrConfigError;
            }
            await using var services = CommandServices.Build(configuration);
            var purged = services.GetRequiredService<Retention>().Purge(cutoff, parse.GetValue(keep));
            Console.WriteLine($"{purged} articles purged");
            return FeedHubCli.Ok;
        });
        var to = new Option<string>("--to") { Description = "The PostgreSQL connection string of an empty database to copy into", Required = true };
        var copy = new Command("copy", """
            Copy the store (every table, every row) into an empty PostgreSQL database, in one transaction, and compare the
            row counts before it commits. Stop `feedhub serve` first, then point Store.Provider and Store.ConnectionString
            at the new database.
            Example: feedhub db copy --to "Host=db;Username=feedhub;Password=...;Database=feedhub"
            """) { Options = { to } };
        copy.SetAction(parse =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            var from = new Database(configuration.Store);
            var target = new Database(new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = parse.GetValue(to) });
            var copied = StoreCopy.Copy(from, target);
            Console.WriteLine($"{from.Describe} -> {target.Describe}: copied and counted");
            foreach (var (table, rows) in copied) Console.WriteLine($"  {table,-28} {rows,10}");
            return FeedHubCli.Ok;
        });
        return new Command("db", "Maintain the store.") { Subcommands = { migrate, vacuum, purge, copy } };
    }
}
