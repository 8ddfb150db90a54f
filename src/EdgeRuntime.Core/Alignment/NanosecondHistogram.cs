namespace EdgeRuntime.Core.Alignment;

/// <summary>
/// A fixed-bucket histogram of non-negative durations in nanoseconds for percentiles without allocation: 10 µs buckets
/// up to 100 ms, then one overflow bucket. One writer; readers on other threads see slightly stale counts.
/// </summary>
public sealed class NanosecondHistogram
{
    private const long BucketNs = 10_000;
    private const int Buckets = 10_000;
    private readonly long[] _counts = new long[Buckets + 1];
    private long _total;
    private long _maxNs;

    /// <summary>Values recorded.</summary>
    public long Count => Volatile.Read(ref _total);

    /// <summary>The largest value recorded.</summary>
    public TimeSpan Max => TimeSpan.FromTicks(Volatile.Read(ref _maxNs) / 100);

    /// <summary>Records a value (negative values count as their magnitude).</summary>
    public void Record(long nanoseconds)
    {
        var v = Math.Abs(nanoseconds);
        var bucket = (int)Math.Min(Buckets, v / BucketNs);
        Volatile.Write(ref _counts[bucket], _counts[bucket] + 1);
        if (v > _maxNs)
        {
            Volatile.Write(ref _maxNs, v);
        }
        Volatile.Write(ref _total, _total + 1);
    }

    /// <summary>The value below which <paramref name="percentile"/> % of the records fall (upper bucket edge; 10 µs resolution).</summary>
    public TimeSpan Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return TimeSpan.Zero;
        }
        var rank = (long)Math.Ceiling(total * Math.Clamp(percentile, 0, 100) / 100.0);
        long seen = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= Math.Max(1, rank))
            {
                return i == Buckets ? Max : TimeSpan.FromTicks((i + 1) * BucketNs / 100);
            }
        }
        return Max;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _total, 0);
        Volatile.Write(ref _maxNs, 0);
    }
}
