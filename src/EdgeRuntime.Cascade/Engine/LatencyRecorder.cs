namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Latency samples in a preallocated array (the first <c>capacity</c> are kept, then every later one replaces a slot
/// in turn), with percentiles computed on demand. Recording allocates nothing and never waits.
/// </summary>
/// <remarks>
/// Design: lock-free. A writer (any thread: the fast path, the tier-2 worker, whichever thread emitted an event)
/// claims a slot with Interlocked.Increment on <c>_count</c> and stores its sample there (a 64-bit store, never torn).
/// A reader copies the retained slots without stopping the writers, so a snapshot taken while they record may hold a
/// sample just replaced, or, before the ring first fills, a slot claimed but not yet stored (0): a stats figure may be
/// off by one sample in thousands, and the end-of-run figures, read after the writers stopped, are exact. A lock here
/// made the fast path wait while the stats thread sorted 65,536 samples, and its first contended wait allocated.
/// </remarks>
public sealed class LatencyRecorder(int capacity = 1 << 16)
{
    private readonly long[] _ns = new long[capacity];
    private long _count;

    /// <summary>Samples recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records one latency.</summary>
    public void Add(TimeSpan latency)
    {
        var slot = Interlocked.Increment(ref _count) - 1;
        Volatile.Write(ref _ns[slot % _ns.Length], latency.Ticks * 100);
    }

    /// <summary>The retained samples in milliseconds, sorted.</summary>
    public double[] SortedMilliseconds()
    {
        var n = (int)Math.Min(Count, _ns.Length);
        var ms = new double[n];
        for (var i = 0; i < n; i++)
        {
            ms[i] = Volatile.Read(ref _ns[i]) / 1e6;
        }
        Array.Sort(ms);
        return ms;
    }

    /// <summary>The p-th percentile (0–100) in milliseconds, NaN without samples.</summary>
    public double Percentile(double p) => Percentile(SortedMilliseconds(), p);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
