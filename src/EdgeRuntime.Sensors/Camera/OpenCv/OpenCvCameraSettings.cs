using EdgeRuntime.Core.Frames;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Camera.OpenCv;

/// <summary>What an <see cref="OpenCvCamera"/> opens and what it writes into the ring.</summary>
/// <param name="Source">The device, file, URL or pipeline.</param>
/// <param name="Format">The ring's frame format (Rgb24, Bgr24 or Gray8); frames of another size are resized to it.</param>
/// <param name="Fps">Frames per second asked of a V4L2 device.</param>
/// <param name="Pacing">Files only: at the file's pace (<c>realtime</c>) or as fast as the consumer takes them.</param>
public sealed record OpenCvCameraSettings(OpenCvSource Source, FrameFormat Format, int Fps, ReplayPacing Pacing)
{
    /// <summary>Files only: start over at the end.</summary>
    public bool Loop { get; init; }

    /// <summary>Live sources: the first wait before reopening a stream that ended; doubles up to <see cref="MaxReopenDelay"/>.</summary>
    public TimeSpan ReopenDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Live sources: the longest wait between reopening attempts.</summary>
    public TimeSpan MaxReopenDelay { get; init; } = TimeSpan.FromSeconds(30);
}
