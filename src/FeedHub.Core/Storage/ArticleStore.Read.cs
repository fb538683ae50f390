using System.Data.Common;
using FeedHub.Core.Model;

namespace FeedHub.Core.Storage;

/// <summary>The reading side of <see cref="ArticleStore"/>: the columns an article is read from, and its parts.</summary>
public sealed partial class ArticleStore
{
    /// <summary>The articles' sections and headings, in two queries for the whole page rather than two per article.</summary>
    private static List<Article> WithSectionsAndHeadings(DbConnection connection, List<Article> articles)
    {
        if (articles.Count == 0) return articles;
        var dialect = StoreDialect.Of(connection);
        var ids = System.Text.Json.JsonSerializer.Serialize(articles.Select(a => a.Id));
        var sections = new Dictionary<string, List<ArticleSection>>();
        using (var command = connection.Command(
                   $"SELECT article_id, section, origin FROM article_sections WHERE article_id IN ({dialect.JsonValues("@ids")}) ORDER BY article_id, section")
                   .With("@ids", ids))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                (sections.TryGetValue(reader.GetString(0), out var list) ? list : sections[reader.GetString(0)] = [])
                    .Add(new ArticleSection(reader.GetString(1), reader.GetString(2)));
        var headings = new Dictionary<string, List<Heading>>();
        using (var command = connection.Command(
                   $"SELECT article_id, level, text FROM article_headings WHERE article_id IN ({dialect.JsonValues("@ids")}) ORDER BY article_id, position")
                   .With("@ids", ids))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                (headings.TryGetValue(reader.GetString(0), out var list) ? list : headings[reader.GetString(0)] = [])
                    .Add(new Heading(SqlValues.ReadInt(reader, 1)!.Value, reader.GetString(2)));
        return articles.Select(a => a with
        {
            Sections = sections.GetValueOrDefault(a.Id) ?? [],
            Headings = headings.GetValueOrDefault(a.Id) ?? [],
        }).ToList();
    }

    /// <summary>The columns an article is read from (<see cref="ReadArticle"/>), its enclosures and outlets as JSON arrays.</summary>
    private static string Columns(StoreDialect dialect) => $"""
        a.id, a.source_id, a.guid, a.url, a.title, a.published_at, a.updated_at, a.author,
        a.summary, a.content_html, a.content_text, a.extraction_status, a.fetched_at,
        a.canonical_url, a.lead_image, a.language, a.word_count, a.reading_minutes,
        a.comments_url,
        {dialect.JsonArrays("url, type, length",
            "SELECT url, type, length FROM article_enclosures WHERE article_id = a.id ORDER BY position")} AS enclosures,
        {dialect.JsonArrays("source_id, url, title, match_rule, similarity", """
            SELECT source_id, url, title, match_rule, similarity, added_at FROM article_sources WHERE article_id = a.id
            ORDER BY source_id <> a.source_id, added_at, source_id
            """)} AS outlets
        """;

    /// <summary>How many values <see cref="Columns"/> selects; a query's own extra columns come after them.</summary>
    private const int ColumnCount = 21;

    /// <summary>The enclosures column: a JSON array of [url, type, length].</summary>
    private static IReadOnlyList<FeedEnclosure> ReadEnclosures(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => new FeedEnclosure(e[0].GetString()!, e[1].ValueKind == System.Text.Json.JsonValueKind.String ? e[1].GetString() : null,
                e[2].ValueKind == System.Text.Json.JsonValueKind.Number ? e[2].GetInt64() : null))
            .ToList();
    }

    private static List<Article> ReadArticles(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var articles = new List<Article>();
        while (reader.Read()) articles.Add(ReadArticle(reader));
        return articles;
    }

    /// <summary>The <see cref="Columns"/> of the current row.</summary>
    private static Article ReadArticle(DbDataReader reader) => new Article
    {
        Id = reader.GetString(0),
        SourceId = reader.GetString(1),
        Guid = reader.GetString(2),
        Url = SqlValues.ReadUrl(reader, 3),
        Title = reader.GetString(4),
        Published = SqlValues.ReadDate(reader, 5),
        Updated = SqlValues.ReadDate(reader, 6),
        Author = SqlValues.ReadText(reader, 7),
        Summary = SqlValues.ReadText(reader, 8),
        ContentHtml = SqlValues.ReadText(reader, 9),
        ContentText = SqlValues.ReadText(reader, 10),
        Extraction = ExtractionOutcome.Parse(reader.GetString(11)),
        FetchedAt = SqlValues.ReadDate(reader, 12)!.Value,
        CanonicalUrl = SqlValues.ReadUrl(reader, 13),
        LeadImage = SqlValues.ReadUrl(reader, 14),
        Language = SqlValues.ReadText(reader, 15),
        WordCount = SqlValues.ReadInt(reader, 16),
        ReadingMinutes = SqlValues.ReadInt(reader, 17),
        CommentsUrl = SqlValues.ReadUrl(reader, 18),
        Enclosures = ReadEnclosures(reader.GetString(19)),
    } is var article && ReadOutlets(reader.GetString(20)) is { Count: > 0 } outlets
        ? article with { Outlets = outlets, SourceIds = outlets.Select(o => o.SourceId).Distinct().ToList() }
        : article;

    /// <summary>The outlets column: a JSON array of [source_id, url, title, match_rule, similarity].</summary>
    private static List<StoryOutlet> ReadOutlets(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        static string? Text(System.Text.Json.JsonElement e) => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
        return document.RootElement.EnumerateArray()
            .Select(e => new StoryOutlet(e[0].GetString()!, Text(e[1]) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null,
                Text(e[2]), Text(e[3]), e[4].ValueKind == System.Text.Json.JsonValueKind.Number ? e[4].GetDouble() : null))
            .ToList();
    }

    private static List<ArticleSection> ReadSections(DbConnection connection, string articleId, DbTransaction? transaction = null)
    {
        using var command = connection.Command(
            "SELECT section, origin FROM article_sections WHERE article_id = @id ORDER BY section", transaction).With("@id", articleId);
        using var reader = command.ExecuteReader();
        var sections = new List<ArticleSection>();
        while (reader.Read()) sections.Add(new ArticleSection(reader.GetString(0), reader.GetString(1)));
        return sections;
    }

    private static List<SectionCandidate> ReadSectionCandidates(DbConnection connection, string articleId, DbTransaction? transaction = null)
    {
        using var command = connection.Command(
            "SELECT value, origin FROM article_section_candidates WHERE article_id = @id ORDER BY position", transaction).With("@id", articleId);
        using var reader = command.ExecuteReader();
        var candidates = new List<SectionCandidate>();
        while (reader.Read()) candidates.Add(new SectionCandidate(reader.GetString(0), reader.GetString(1)));
        return candidates;
    }

    private static List<Heading> ReadHeadings(DbConnection connection, string articleId)
    {
        using var command = connection.Command(
            "SELECT level, text FROM article_headings WHERE article_id = @id ORDER BY position").With("@id", articleId);
        using var reader = command.ExecuteReader();
        var headings = new List<Heading>();
        while (reader.Read()) headings.Add(new Heading(SqlValues.ReadInt(reader, 0)!.Value, reader.GetString(1)));
        return headings;
    }
}
