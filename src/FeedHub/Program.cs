using FeedHub.Commands;

return await FeedHubCli.RunAsync(args);
