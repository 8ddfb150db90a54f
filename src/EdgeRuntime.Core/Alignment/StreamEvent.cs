using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Alignment;

/// <summary>What happened to a stream.</summary>
public enum StreamEventKind
{
    /// <summary>The stream's bound stopped advancing for longer than its timeout: consumers go degraded (unimodal).</summary>
    Missing,

    /// <summary>A missing stream advanced again.</summary>
    Recovered,

    /// <summary>The stream ended (its producer closed it).</summary>
    Ended,

    /// <summary>Audio was refused because the consumer had not released room; <see cref="StreamEvent.Count"/> samples lost.</summary>
    Overrun,

    /// <summary>The device itself lost data (a capture overflow); <see cref="StreamEvent.Count"/> samples when known.</summary>
    DeviceOverflow,

    /// <summary>The source was restarted (a pipe command exited and was run again); <see cref="StreamEvent.Count"/> is the restart number.</summary>
    Restarted,
}

/// <summary>A change in a stream's health, as the cascade and the stats see it.</summary>
/// <param name="Stream">Which stream.</param>
/// <param name="Kind">What happened.</param>
/// <param name="At">When it was noticed (monotonic).</param>
/// <param name="Count">Samples lost, or a restart number; 0 when not applicable.</param>
/// <param name="Silence">For <see cref="StreamEventKind.Missing"/> and <see cref="StreamEventKind.Recovered"/>: how long the bound had not moved.</param>
public readonly record struct StreamEvent(SensorStream Stream, StreamEventKind Kind, Timestamp At, long Count, TimeSpan Silence)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StreamEventKind.Missing => $"{Stream.Name()} missing (no progress for {Silence.TotalMilliseconds:F0} ms)",
        StreamEventKind.Recovered => $"{Stream.Name()} recovered after {Silence.TotalMilliseconds:F0} ms",
        StreamEventKind.Ended => $"{Stream.Name()} ended",
        StreamEventKind.Overrun => $"{Stream.Name()} overrun: {Count} samples refused (consumer too slow)",
        StreamEventKind.DeviceOverflow => $"{Stream.Name()} device overflow: {Count} samples lost",
        StreamEventKind.Restarted => $"{Stream.Name()} restarted (#{Count})",
        _ => $"{Stream.Name()} {Kind}",
    };
}
