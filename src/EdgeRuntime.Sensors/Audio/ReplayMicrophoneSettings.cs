using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Audio;

/// <summary>How a <see cref="ReplayMicrophone"/> plays its file.</summary>
/// <param name="File">A WAVE file (any rate and channel count: it is mixed to mono and resampled to the ring's rate).</param>
/// <param name="Pacing">At the file's rate (each block published when its last sample's time comes), or as fast as the consumer releases room.</param>
public sealed record ReplayMicrophoneSettings(string File, ReplayPacing Pacing)
{
    /// <summary>Samples per written block, as a duration (a capture callback's period).</summary>
    public TimeSpan BlockDuration { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Start over at the end (timestamps keep increasing); false: the end of the file ends the stream.</summary>
    public bool Loop { get; init; }

    /// <summary>Play only the file's first seconds: the stream ends with the block that reaches this file time (null: at the end of the file).</summary>
    public double? Until { get; init; }

    /// <summary>
    /// Simulate the microphone going away at this file time: no later block is written, and the ring stays open, as a
    /// lost device's does, until the file's end time passes on the clock (null: never).
    /// </summary>
    public double? LostAt { get; init; }
}
