namespace EdgeRuntime.Core.Alignment;

/// <summary>Which audio goes with a frame, and how long to wait for it.</summary>
public sealed partial record AlignerOptions
{
    /// <summary>Audio before the frame's timestamp in its window.</summary>
    public TimeSpan Before { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Audio after the frame's timestamp in its window.</summary>
    public TimeSpan After { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long past the window's end (frame time + <see cref="After"/>) to wait for the audio bound to pass it before
    /// handing out what is there. Covers the audio path's latency (capture buffer plus callback period).
    /// </summary>
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Before, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(After, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(LatencyBudget, TimeSpan.Zero);
        if (Before + After <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Before), "the window (Before + After) must be longer than zero");
        }
    }
}
