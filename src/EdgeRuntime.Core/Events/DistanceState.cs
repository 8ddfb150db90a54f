namespace EdgeRuntime.Core.Events;

/// <summary>
/// The obstacle-distance sensor's state, published retained on <c>&lt;prefix&gt;/distance</c> when the reading moved by
/// the reporting step, an obstacle came or went, or the sensor failed or recovered.
/// </summary>
public sealed record DistanceState
{
    /// <summary>The payload schema version (<see cref="EventSchema.Version"/>).</summary>
    public int Schema { get; init; } = EventSchema.Version;

    /// <summary>The sensor's name from configuration (<c>Distance:Name</c>), e.g. <c>front</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The last distance in millimetres; null when nothing is in range or the sensor is unavailable.</summary>
    public int? DistanceMm { get; init; }

    /// <summary>True while an obstacle is reported (closer than <c>Distance:ObstacleEnter</c>, until it is past <c>ObstacleLeave</c>).</summary>
    public required bool Obstacle { get; init; }

    /// <summary>False while the sensor cannot be read (absent, unplugged, a bus error); it is retried.</summary>
    public required bool Available { get; init; }

    /// <summary>Why it is unavailable (null when available).</summary>
    public string? Error { get; init; }

    /// <summary>The CLOCK_MONOTONIC stamp of the reading (or of the failure).</summary>
    public required long MonotonicNs { get; init; }

    /// <summary>Unix seconds.</summary>
    public required double Timestamp { get; init; }
}
