using FeedHub.Core.Configuration;
using FeedHub.Core.Model;
using FeedHub.Core.Storage;
using Microsoft.Data.Sqlite;

namespace FeedHub.Benchmarks.Storage;

/// <summary>
/// How well syndicated copies are merged over a labelled set, measured through the real store: each item is stored as
/// its outlet's new article (one transaction each, a minute apart, as polls would), and then the store is asked which
/// story each joined. Precision: merges into the right story among all merges. Recall: items merged into the right
/// story among those that had an earlier copy from another outlet. Shared by the `syndication` benchmark and the test
/// that holds its floor.
/// </summary>
public sealed record SyndicationScore(int Merges, int RightMerges, int Copies, IReadOnlyList<string> Mistakes)
{
    public double Precision => Merges == 0 ? 1 : (double)RightMerges / Merges;
    public double Recall => Copies == 0 ? 1 : (double)RightMerges / Copies;

    public static SyndicationScore Measure(string databasePath, IReadOnlyList<LabelledItem> items)
    {
        var database = new Database(new StoreOptions { Path = databasePath });
        database.Migrate();
        database.InTransaction(transaction =>
        {
            foreach (var outlet in items.Select(i => i.Outlet).Distinct())
            {
                using var command = transaction.Connection!.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT OR IGNORE INTO sources (id, url, name) VALUES ($id, $url, $id)";
                ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("$id", outlet);
                ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("$url", $"https://{outlet}.example/feed");
                command.ExecuteNonQuery();
            }
        });
        var start = new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < items.Count; i++)
        {
            var article = AsArticle(items[i], i, start.AddMinutes(i));
            database.InTransaction(transaction => ArticleStore.Insert(transaction, [article]));
        }
        var storyOf = items.Select((item, i) => (Id: AsArticle(item, i, start).Id, item.Story)).ToDictionary(x => x.Id, x => x.Story);
        var joined = new Dictionary<string, (string ArticleId, string? Rule)>();
        using (var connection = database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT guid, article_id, match_rule FROM article_sources";
            using var reader = command.ExecuteReader();
            while (reader.Read()) joined[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        int merges = 0, right = 0, copies = 0;
        var mistakes = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var (articleId, rule) = joined[Guid(i)];
            var earlier = items.Take(i).Where(e => e.Story == item.Story && e.Outlet != item.Outlet).ToList();
            var isCopy = earlier.Count > 0;
            if (isCopy) copies++;
            var merged = articleId != AsArticle(item, i, start).Id;
            if (merged)
            {
                merges++;
                if (storyOf[articleId] == item.Story) right++;
                else mistakes.Add($"wrong merge: {item.Story} ({item.Outlet}) into {storyOf[articleId]}: {rule}");
            }
            else if (isCopy)
            {
                var text = StoryText.Of(item.Text);
                var best = earlier.Max(e => text.SimilarityTo(StoryText.Of(e.Text)));
                mistakes.Add($"missed: {item.Story} ({item.Outlet}, {text.Words} words), similarity {best:0.000} to its earlier copy");
            }
        }
        return new SyndicationScore(merges, right, copies, mistakes);
    }

    private static string Guid(int index) => "item-" + index;

    private static Article AsArticle(LabelledItem item, int index, DateTimeOffset at) => new()
    {
        Id = StableId.ForArticle(item.Outlet, Guid(index)),
        SourceId = item.Outlet,
        Guid = Guid(index),
        Url = new Uri($"https://{item.Outlet}.example/news/{index}"),
        Title = item.Title,
        ContentHtml = string.Concat(item.Text.Split("\n\n").Select(p => "<p>" + System.Net.WebUtility.HtmlEncode(p) + "</p>")),
        ContentText = item.Text,
        Extraction = ExtractionOutcome.Extracted,
        FetchedAt = at,
        Published = at,
        CopyWindow = TimeSpan.FromDays(3),
    };
}
