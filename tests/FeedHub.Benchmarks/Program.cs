using FeedHub.Benchmarks.Extraction;

return args.FirstOrDefault() switch
{
    "extraction-quality" => QualityReport.Print(args.Skip(1).ToArray()),
    "extraction-debug" => ExtractionBenchmark.Debug(args.Skip(1).ToArray()),
    "extraction-stages" => ExtractionBenchmark.Stages(args.Skip(1).ToArray()),
    "extraction-speed" => ExtractionBenchmark.Speed(args.Skip(1).ToArray()),
    "ingest-server" => await FeedHub.Benchmarks.Processing.IngestBenchmark.ServeAsync(args.Skip(1).ToArray()),
    "ingest-extraction-cold" => FeedHub.Benchmarks.Processing.IngestBenchmark.ExtractCold(args.Skip(1).ToArray()),
    "ingest" => await FeedHub.Benchmarks.Processing.IngestBenchmark.RunAsync(args.Skip(1).ToArray()),
    "ingest-cluster" => await FeedHub.Benchmarks.Processing.ClusterIngestBenchmark.RunAsync(args.Skip(1).ToArray()),
    "refresh" => await FeedHub.Benchmarks.Processing.RefreshBenchmark.RunAsync(args.Skip(1).ToArray()),
    "store" => FeedHub.Benchmarks.Storage.StoreBenchmark.Run(args.Skip(1).ToArray()),
    "syndication" => FeedHub.Benchmarks.Storage.SyndicationBenchmark.Run(args.Skip(1).ToArray()),
    "load" => await FeedHub.Benchmarks.Publishing.LoadBenchmark.RunAsync(args.Skip(1).ToArray()),
    "serving" => await FeedHub.Benchmarks.Publishing.ServingBenchmark.RunAsync(args.Skip(1).ToArray()),
    "feed-conformance" => FeedHub.Benchmarks.Parsing.FeedParsingBenchmark.Run(args.Skip(1).ToArray()),
    "listing-quality" => FeedHub.Benchmarks.Listings.ListingQuality.Print(args.Skip(1).ToArray()),
    "feed-parse-speed" => FeedHub.Benchmarks.Parsing.FeedParsingBenchmark.Speed(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        FeedHub benchmarks (build with -c Release):
          extraction-quality [--set NAME] [--pages] [--no-baseline] [--no-readability] [--scores FILE]
                                                      per data set (extraction-bench-data, -dragnet-train, -headings): FeedHub,
                                                      SmartReader's and Readability.js's P, R, F1, empty pages; 5 host-disjoint folds;
                                                      heading P/R (Readability.js: node and `npm ci --prefix tests/FeedHub.Benchmarks/Extraction/readability`)
          extraction-debug ID [--set NAME]            one page's extra and missing blocks
          extraction-speed [--rounds N]               pages/s: FeedHub, SmartReader 0.11.1, AngleSharp's bare parse
          ingest                                      500 feeds x 20 items with their pages from loopback, cold then warm; each then re-polled (all 304)
          ingest-cluster [--feeds N] [--workers 1,2,3] [--postgres CONN]  those N (500) feeds' first polls by real `feedhub serve` processes: SQLite single
                                                      node, then 1, 2, 3 workers on one PostgreSQL (default FEEDHUB_TEST_POSTGRES): wall, CPU, RSS, article check
          refresh [--rounds N] [--latency MS]         `feedhub refresh --all` over those 500 feeds unchanged (all 304), beside a plain parallel client
          store [--articles N] [--postgres CONN]      the store at N (1,000,000) articles: section and full-text reads (on PostgreSQL too)
          syndication [--articles N] [--indexed N]    merge precision/recall of syndicated copies over the labelled set; the cost
                                                      per stored article in a store of N (1,000,000) articles, N (100,000) in the window
          load [--seconds N]                          200 clients read section feeds while 500 sources are polled: errors, p50/p99
          feed-conformance [--failures GROUP] [--baseline]  pass rates per group and tier on shared/feed-conformance
          feed-parse-speed [--rounds N]               FeedHub's feed parser against CodeHollow.FeedReader and a bare XML load
          listing-quality [--pages]                   the listing finder's precision and recall over the listing pages in tests/.../TestData/Listings
          serving [--seconds N] [--rounds N]          a cached feed against Kestrel static files and nginx, identity and gzip; 500-item rendering
        """);
    return 2;
}
