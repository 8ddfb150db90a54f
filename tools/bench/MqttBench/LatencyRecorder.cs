using System.Diagnostics;

namespace MqttBench;

/// <summary>Collects publish→acknowledgement latencies into a preallocated array (no allocation while measuring).</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Records one latency; called on the network thread only.</summary>
    public void Add(long createdTimestamp)
    {
        var n = _count;
        if (n < _ticks.Length)
        {
            _ticks[n] = Stopwatch.GetTimestamp() - createdTimestamp;
            Volatile.Write(ref _count, n + 1); // published after the value is stored
        }
    }

    public void Reset() => Volatile.Write(ref _count, 0);

    /// <summary>The <paramref name="quantile"/> latency in milliseconds.</summary>
    public double Percentile(double quantile)
    {
        var n = Count;
        if (n == 0)
        {
            return double.NaN;
        }
        var sorted = _ticks.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        var index = Math.Clamp((int)Math.Ceiling(quantile * n) - 1, 0, n - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }
}
