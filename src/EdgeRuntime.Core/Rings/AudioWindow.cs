using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Rings;

/// <summary>
/// A contiguous run of samples in an <see cref="AudioRing"/>, read in place: one span, or two when the run wraps
/// around the ring's end. Valid until the consumer releases those samples; copy (<see cref="CopyTo"/>) to keep them.
/// </summary>
public readonly struct AudioWindow
{
    private readonly AudioRing? _ring;

    internal AudioWindow(AudioRing ring, long startIndex, int count, Timestamp start, Timestamp end, long missingNanoseconds, bool truncated)
    {
        _ring = ring;
        StartIndex = startIndex;
        Count = count;
        Start = start;
        End = end;
        MissingNanoseconds = missingNanoseconds;
        Truncated = truncated;
    }

    /// <summary>The ring index of the first sample (indexes count every sample ever written).</summary>
    public long StartIndex { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>The monotonic time of the first sample.</summary>
    public Timestamp Start { get; }

    /// <summary>The monotonic time just after the last sample.</summary>
    public Timestamp End { get; }

    /// <summary>How much of the requested time range has no samples (gaps from overruns, device overflows or a missing stream).</summary>
    public long MissingNanoseconds { get; }

    /// <summary>True when the range began before the oldest retained sample, so its start was cut.</summary>
    public bool Truncated { get; }

    /// <summary>True for a window without samples.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The samples as one span, or two when they wrap (then <paramref name="second"/> follows <paramref name="first"/>).</summary>
    public void GetSpans(out ReadOnlySpan<float> first, out ReadOnlySpan<float> second)
    {
        if (_ring is null || Count == 0)
        {
            first = second = default;
            return;
        }
        _ring.GetSpans(StartIndex, Count, out first, out second);
    }

    /// <summary>Copies the samples into <paramref name="destination"/> (at least <see cref="Count"/> long).</summary>
    public void CopyTo(Span<float> destination)
    {
        GetSpans(out var first, out var second);
        first.CopyTo(destination);
        second.CopyTo(destination[first.Length..]);
    }

    /// <summary>Sample <paramref name="i"/> of the window.</summary>
    public float this[int i]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)i, (uint)Count);
            GetSpans(out var first, out var second);
            return i < first.Length ? first[i] : second[i - first.Length];
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Count} samples from {Start} to {End}" + (MissingNanoseconds > 0 ? $" ({MissingNanoseconds / 1e6:F1} ms missing)" : "");
}
