namespace EdgeRuntime.Testing.Simulation;

/// <summary>
/// A simulated microphone and camera on one board: the microphone's crystal drifts against the monotonic clock, its
/// block time stamps jitter (and sometimes arrive very late), it loses stretches of samples, and it may go silent.
/// </summary>
/// <param name="DriftPpm">How much slower (positive) the device's sample clock runs than nominal, in ppm.</param>
/// <param name="JitterMs">Half-width of the uniform jitter on each block's observed time stamp.</param>
/// <param name="BlockSamples">Samples per delivered block.</param>
/// <param name="OutlierRate">Fraction of blocks whose stamp arrives 50–300 ms late (a scheduling stall).</param>
/// <param name="Seed">Random seed.</param>
/// <param name="DurationSeconds">Simulated time.</param>
/// <param name="OffsetSeconds">Monotonic time of the device's sample 0.</param>
/// <param name="Gaps">Device overflows: (start s, length s) stretches whose samples are lost but whose clock runs on.</param>
/// <param name="Dead">A stretch (start s, length s) in which the device delivers nothing at all.</param>
public sealed record AudioClockScenario(
    double DriftPpm,
    double JitterMs,
    int BlockSamples,
    double OutlierRate,
    int Seed,
    double DurationSeconds = 20,
    double OffsetSeconds = 5,
    IReadOnlyList<(double Start, double Length)>? Gaps = null,
    (double Start, double Length)? Dead = null)
{
    /// <summary>Nominal sample rate.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Camera frames per second (stamped exactly, as V4L2 does).</summary>
    public double FramesPerSecond { get; init; } = 15;

    /// <summary>Audio before each frame in its window.</summary>
    public TimeSpan Before { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Audio after each frame in its window.</summary>
    public TimeSpan After { get; init; } = TimeSpan.Zero;

    /// <summary>The aligner's latency budget.</summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Constant delivery latency after a block's last sample (the driver subtracts it from its stamp).</summary>
    public double LatencyMs { get; init; } = 20;

    /// <summary>The missing-stream timeout of the monitor.</summary>
    public TimeSpan MissingTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Ignore alignment errors of frames in the first this-many seconds (while the clock mapper locks).</summary>
    public double WarmupSeconds { get; init; } = 1;

    /// <summary>True when <paramref name="t"/> (seconds since sample 0) falls in a gap or the dead stretch.</summary>
    public bool IsLost(double t)
    {
        foreach (var (start, length) in Gaps ?? [])
        {
            if (t >= start && t < start + length)
            {
                return true;
            }
        }
        return Dead is { } d && t >= d.Start && t < d.Start + d.Length;
    }
}
