using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>How a <see cref="PipeCamera"/> runs its command.</summary>
/// <param name="Command">A shell command writing raw frames of <paramref name="Format"/> to stdout, e.g.
/// <c>ffmpeg -loglevel error -rtsp_transport tcp -i rtsp://cam/stream -f rawvideo -pix_fmt rgb24 -s 640x480 -</c> or
/// <c>gst-launch-1.0 -q libcamerasrc ! video/x-raw,width=640,height=480,format=RGB ! fdsink fd=1</c>.</param>
/// <param name="Format">The size and pixel format the command writes.</param>
public sealed record PipeCameraSettings(string Command, FrameFormat Format)
{
    /// <summary>Run the command again when it exits (a live source); false: its end is the end of the stream.</summary>
    public bool Restart { get; init; } = true;

    /// <summary>The first wait before a restart; doubled after each quick failure.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between restarts.</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A command that writes no frame for this long is stalled (a stopped process, a hung network stream): it is
    /// killed and restarted like one that exited. Counted from its start too, so it must cover the command's start-up.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A run longer than this counts as healthy, and the next restart waits <see cref="RestartDelay"/> again.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(10);
}
