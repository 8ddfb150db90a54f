namespace EdgeRuntime.Core.Time;

/// <summary>Tuning of a <see cref="ClockMapper"/>. The defaults suit an audio ADC observed every 10–60 ms with up to ±20 ms of jitter.</summary>
public sealed record ClockMapperOptions
{
    /// <summary>Nominal nanoseconds per device tick: 1 for a nanosecond clock, 1e9 / 16000 for a 16 kHz sample counter.</summary>
    public double NanosecondsPerTick { get; init; } = 1.0;

    /// <summary>Observations kept for the fit (a power of two). More points average jitter down; fewer follow drift changes faster.</summary>
    public int Window { get; init; } = 1024;

    /// <summary>Refit after this many new observations once the window holds at least <see cref="Window"/> / 8 points (before that, every observation refits).</summary>
    public int RefitEvery { get; init; } = 8;

    /// <summary>A residual farther than this many robust standard deviations (1.4826 × MAD) from the fit is an outlier.</summary>
    public double OutlierSigmas { get; init; } = 4.0;

    /// <summary>Residuals within this distance are never outliers, so a jitter-free clock does not reject its own rounding.</summary>
    public TimeSpan OutlierFloor { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// This many outliers in a row mean the device clock jumped (a restart, a lost stretch of samples): the fit is
    /// dropped and the mapper re-locks on the new observations.
    /// </summary>
    public int RelockAfter { get; init; } = 16;

    /// <summary>Largest drift believed; a fitted slope beyond it is clamped (a 16 kHz crystal is within ±100 ppm of nominal).</summary>
    public double MaxDriftPpm { get; init; } = 1000;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (!(NanosecondsPerTick > 0) || !double.IsFinite(NanosecondsPerTick))
        {
            throw new ArgumentOutOfRangeException(nameof(NanosecondsPerTick), NanosecondsPerTick, "must be a positive number");
        }
        if (Window < 8 || (Window & (Window - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "must be a power of two of at least 8");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(RefitEvery, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RelockAfter, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OutlierSigmas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDriftPpm);
    }
}
