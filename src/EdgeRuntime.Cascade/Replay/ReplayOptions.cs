using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Cascade.Replay;

/// <summary>
/// A recorded scenario (a video and a WAV) to play through the sensors a board has: the replay camera and replay
/// microphone into the rings, the aligner and the live feed (<see cref="RecordingFeed"/>).
/// </summary>
public sealed record ReplayOptions
{
    /// <summary>Video file (anything ffmpeg reads), decoded to RGB24 at <see cref="Width"/>×<see cref="Height"/>.</summary>
    public required string Video { get; init; }

    /// <summary>WAVE file (mixed to mono and resampled to 16 kHz by the replay microphone).</summary>
    public required string Audio { get; init; }

    /// <summary>Frame width.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height.</summary>
    public int Height { get; init; } = 480;

    /// <summary>
    /// How both files are played: <see cref="ReplayPacing.Realtime"/> as a board's sensors deliver (a slow cascade loses
    /// frames at the ring's entrance), <see cref="ReplayPacing.RealtimeLossless"/> (<c>edge eval</c>: at real time, but
    /// every frame reaches the cascade) or <see cref="ReplayPacing.AsFast"/>.
    /// </summary>
    public ReplayPacing Pacing { get; init; } = ReplayPacing.Realtime;

    /// <summary>Simulate the camera going away at this recording time (degraded-mode tests), or never.</summary>
    public double? CameraLostAt { get; init; }

    /// <summary>Simulate the microphone going away at this recording time, or never.</summary>
    public double? MicrophoneLostAt { get; init; }

    /// <summary>Stop after this much recording time (seconds), or play to the end.</summary>
    public double? Limit { get; init; }

    /// <summary>The camera section this recording stands for.</summary>
    public CameraOptions Camera => new()
    {
        Source = "replay", ReplayFile = Video, Width = Width, Height = Height, Pacing = Pacing,
        ReplayUntil = Limit, ReplayLostAt = CameraLostAt,
    };

    /// <summary>The audio section this recording stands for.</summary>
    public AudioOptions Microphone => new()
    {
        Source = "replay", ReplayFile = Audio, Pacing = Pacing, ReplayUntil = Limit, ReplayLostAt = MicrophoneLostAt,
    };
}
