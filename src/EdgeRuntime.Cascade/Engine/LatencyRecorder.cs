namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Latency samples in a preallocated array (the first <c>capacity</c> are kept, then every later one replaces a slot
/// in turn), with percentiles computed on demand. Recording allocates nothing.
/// </summary>
/// <remarks>Design: writers and readers take <c>_gate</c>; writes are a few per frame, so the lock is uncontended.</remarks>
public sealed class LatencyRecorder(int capacity = 1 << 16)
{
    private readonly Lock _gate = new();
    private readonly long[] _ns = new long[capacity];
    private long _count;

    /// <summary>Samples recorded.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Records one latency.</summary>
    public void Add(TimeSpan latency)
    {
        lock (_gate)
        {
            _ns[_count % _ns.Length] = latency.Ticks * 100;
            _count++;
        }
    }

    /// <summary>The retained samples in milliseconds, sorted.</summary>
    public double[] SortedMilliseconds()
    {
        lock (_gate)
        {
            var n = (int)Math.Min(_count, _ns.Length);
            var ms = new double[n];
            for (var i = 0; i < n; i++)
            {
                ms[i] = _ns[i] / 1e6;
            }
            Array.Sort(ms);
            return ms;
        }
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
