using System.Runtime.InteropServices;

namespace FeedHub.Benchmarks.Publishing;

/// <summary>
/// The calling thread's CPU time (user + system) from getrusage(RUSAGE_THREAD), in microseconds: Process.TotalProcessorTime
/// counts every thread and moves in clock ticks, too coarse for a rendering of tens of milliseconds. Linux only.
/// </summary>
internal static class ThreadCpu
{
    private const int RusageThread = 1;

    public static TimeSpan Now()
    {
        // struct rusage on 64-bit Linux: ru_utime and ru_stime (timeval: seconds, microseconds), then 14 longs.
        var usage = new long[18];
        if (GetRusage(RusageThread, usage) != 0) return TimeSpan.Zero;
        return TimeSpan.FromMicroseconds((usage[0] + usage[2]) * 1_000_000 + usage[1] + usage[3]);
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
