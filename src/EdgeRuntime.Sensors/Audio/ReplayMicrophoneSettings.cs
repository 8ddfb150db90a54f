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
}
