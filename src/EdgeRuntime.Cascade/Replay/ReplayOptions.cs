namespace EdgeRuntime.Cascade.Replay;

/// <summary>How a recorded scenario is replayed into the cascade.</summary>
public sealed record ReplayOptions
{
    /// <summary>Video file (anything ffmpeg reads), decoded to RGB24 at <see cref="Width"/>×<see cref="Height"/>.</summary>
    public required string Video { get; init; }

    /// <summary>16 kHz mono 16-bit WAV.</summary>
    public required string Audio { get; init; }

    /// <summary>Frame width.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height.</summary>
    public int Height { get; init; } = 480;

    /// <summary>Frames per second of the recording.</summary>
    public int Fps { get; init; } = 15;

    /// <summary>Pace the input at recording speed (as a live camera and microphone would deliver it), else as fast as possible.</summary>
    public bool RealTime { get; init; } = true;

    /// <summary>Simulate the camera disappearing at this recording time (degraded-mode tests), or never.</summary>
    public double? CameraLostAt { get; init; }

    /// <summary>Simulate the microphone disappearing at this recording time, or never.</summary>
    public double? MicrophoneLostAt { get; init; }

    /// <summary>Stop after this much recording time (seconds), or play to the end.</summary>
    public double? Limit { get; init; }
}
