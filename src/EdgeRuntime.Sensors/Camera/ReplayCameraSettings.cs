using EdgeRuntime.Core.Frames;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>How a <see cref="ReplayCamera"/> plays its file.</summary>
/// <param name="File">The video file.</param>
/// <param name="Format">The size and pixel format frames are decoded to (ffmpeg scales when the file's size differs).</param>
/// <param name="Pacing">At the file's rate (losing frames to a slow consumer or not), or as fast as the consumer takes frames.</param>
public sealed record ReplayCameraSettings(string File, FrameFormat Format, ReplayPacing Pacing)
{
    /// <summary>Start over at the end (timestamps keep increasing); false: the end of the file ends the stream.</summary>
    public bool Loop { get; init; }

    /// <summary>Play only the file's first seconds: the stream ends at this file time (null: at the end of the file).</summary>
    public double? Until { get; init; }

    /// <summary>
    /// Simulate the camera going away at this file time: no later frame is published, and the ring stays open, as an
    /// unplugged camera's does, until the file's end time passes on the clock (null: never).
    /// </summary>
    public double? LostAt { get; init; }

    /// <summary>The ffmpeg executable.</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>The ffprobe executable.</summary>
    public string Ffprobe { get; init; } = "ffprobe";
}
