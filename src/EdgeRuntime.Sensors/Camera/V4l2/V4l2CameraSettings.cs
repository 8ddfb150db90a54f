using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Sensors.Camera.V4l2;

/// <summary>What a <see cref="V4l2Camera"/> asks of its device.</summary>
/// <param name="Device">The device node, e.g. <c>/dev/video0</c>.</param>
/// <param name="CaptureFormat">The format negotiated with the driver: YUYV, MJPEG or NV12.</param>
/// <param name="Format">The ring's frames: size (also asked of the driver) and pixel format.</param>
/// <param name="Fps">Frames per second asked of the driver.</param>
/// <param name="Buffers">Driver buffers to map.</param>
public sealed record V4l2CameraSettings(string Device, PixelFormat CaptureFormat, FrameFormat Format, int Fps, int Buffers = 4)
{
    /// <summary>First wait before opening an absent, busy or lost device again; doubles up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryMin { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between attempts to open the device.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(5);
}
