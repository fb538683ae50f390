namespace FeedHub.Benchmarks.Processing;

/// <summary>
/// Samples the process every 100 ms and keeps what its resident memory was made of at its highest during the sampling:
/// the GC's committed memory as of the last collection (heap, and the free space within it), and the rest (runtime,
/// JIT code, mapped assemblies, native allocations such as SQLite's). Reading /proc/self/statm (Environment.WorkingSet)
/// and the GC's last-collection figures costs microseconds, so the sampling does not change what it measures.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Timer timer;
    private readonly object gate = new();
    private long peakRss;
    private GCMemoryInfo atPeak;
    private long peakLiveAfterFullGc;

    public MemorySampler() => timer = new Timer(_ => Sample(), null, 0, 100);

    /// <summary>The largest managed heap seen (GC.GetTotalMemory: live objects and garbage not collected yet).</summary>
    public long PeakManaged { get; private set; }

    private void Sample()
    {
        lock (gate)
        {
            PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(false));
            foreach (var kind in new[] { GCKind.Background, GCKind.FullBlocking })
                if (GC.GetGCMemoryInfo(kind) is { Index: > 0 } full)
                    peakLiveAfterFullGc = Math.Max(peakLiveAfterFullGc, full.HeapSizeBytes - full.FragmentedBytes);
            var rss = Environment.WorkingSet;
            if (rss <= peakRss) return;
            peakRss = rss;
            atPeak = GC.GetGCMemoryInfo(GCKind.Any);
        }
    }

    /// <summary>One line: the highest RSS sampled and how much of it the GC had committed then.</summary>
    public string DescribePeak()
    {
        lock (gate)
        {
            var committed = atPeak.TotalCommittedBytes;
            return $"at the highest RSS sampled ({Mib(peakRss)} MiB): GC committed {Mib(committed)} MiB (heap {Mib(atPeak.HeapSizeBytes)} MiB after the last GC, " +
                $"of it {Mib(atPeak.FragmentedBytes)} free space; gen0 {Mib(atPeak.GenerationInfo[0].SizeAfterBytes)}, gen1 {Mib(atPeak.GenerationInfo[1].SizeAfterBytes)}, " +
                $"gen2 {Mib(atPeak.GenerationInfo[2].SizeAfterBytes)}, large objects {Mib(atPeak.GenerationInfo[3].SizeAfterBytes)}), " +
                $"the rest (runtime, JIT code, assemblies, native) {Mib(peakRss - committed)} MiB; " +
                $"most live after a full GC {Mib(peakLiveAfterFullGc)} MiB";
        }
    }

    private static long Mib(long bytes) => bytes / 1024 / 1024;

    public void Dispose() => timer.Dispose();
}
