using System.CommandLine;
using FeedHub.Core.Configuration;
using FeedHub.Core.Storage;

namespace FeedHub.Commands;

/// <summary>`feedhub search "terms"`: the full-text index, best match first, with a snippet of each.</summary>
internal static class SearchCommand
{
    public static Command Create(Option<string> configOption)
    {
        var terms = new Argument<string>("terms") { Description = "Words that must all appear in the title or the text; word* for a prefix" };
        var limit = new Option<int>("--limit") { Description = "How many (1-500)", DefaultValueFactory = _ => 20 };
        limit.AcceptOnly(1, 500, "--limit must be from 1 to 500");
        var format = Output.FormatOption();
        var command = new Command("search", """
            Search stored articles (titles count more than text), with a snippet around the words.
            Examples:
              feedhub search "missile defense"
              feedhub search "nato baltic*" --format json
            """) { Arguments = { terms }, Options = { limit, format } };
        terms.Validators.Add(r => { if (SearchText.Refuse(r.GetValueOrDefault<string>()) is { } reason) r.AddError($"terms: {reason}"); });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = FeedHubConfiguration.Load(parse.GetValue(configOption)!);
            await using var services = CommandServices.Build(configuration);
            IReadOnlyList<ArticleStore.SearchHit> hits;
            try
            {
                hits = services.GetRequiredService<ArticleStore>().Search(parse.GetValue(terms)!, parse.GetValue(limit), cancellationToken);
            }
            catch (TimeoutException stopped)
            {
                await Console.Error.WriteLineAsync($"feedhub: {stopped.Message}");
                return FeedHubCli.Failure;
            }
            Output.Write(["id", "published_at", "title", "snippet", "url"],
                hits.Select(h => new object?[] { h.Article.Id, h.Article.Published, h.Article.Title, h.Snippet, h.Article.Url?.AbsoluteUri }).ToList(),
                parse.GetValue(format)!);
            return FeedHubCli.Ok;
        });
        return command;
    }
}
