using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>Where frames come from (section <c>Camera</c>).</summary>
/// <remarks>
/// Example: <c>{ "Camera": { "Source": "v4l2", "Device": "/dev/video0", "Width": 640, "Height": 480, "Fps": 15, "CaptureFormat": "mjpeg" } }</c>.
/// <see cref="PixelFormat"/> is what consumers get in the ring; <see cref="CaptureFormat"/> is what a V4L2 driver is
/// asked for (converted to <see cref="PixelFormat"/>).
/// </remarks>
public sealed record CameraOptions
{
    /// <summary>The section's keys' allowed sources.</summary>
    public static readonly string[] Sources = ["none", "v4l2", "pipe", "replay", "opencv"];

    /// <summary><c>none</c>, <c>v4l2</c>, <c>pipe</c>, <c>replay</c> or <c>opencv</c>.</summary>
    public string Source { get; init; } = "none";

    /// <summary>The V4L2 device node; for <c>opencv</c>: a V4L2 index or node, a video file, a stream URL or a GStreamer pipeline.</summary>
    public string Device { get; init; } = "/dev/video0";

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; } = 480;

    /// <summary>Frames per second asked of the device (V4L2) or expected from the command.</summary>
    public int Fps { get; init; } = 15;

    /// <summary>The pixel format of frames in the ring.</summary>
    public PixelFormat PixelFormat { get; init; } = PixelFormat.Rgb24;

    /// <summary>V4L2 only: the format negotiated with the driver (<c>yuyv</c>, <c>mjpeg</c> or <c>nv12</c>).</summary>
    public PixelFormat CaptureFormat { get; init; } = PixelFormat.Yuyv;

    /// <summary>V4L2 only: driver buffers mapped for streaming.</summary>
    public int DeviceBuffers { get; init; } = 4;

    /// <summary>The command for <c>pipe</c> (writes raw frames of Width × Height × PixelFormat to stdout).</summary>
    public string? PipeCommand { get; init; }

    /// <summary>The video file for <c>replay</c>.</summary>
    public string? ReplayFile { get; init; }

    /// <summary>Replay pacing: <c>realtime</c>, <c>realtime-lossless</c> or <c>asfast</c>.</summary>
    public ReplayPacing Pacing { get; init; } = ReplayPacing.Realtime;

    /// <summary>Replay: start over at the end.</summary>
    public bool Loop { get; init; }

    /// <summary>Replay, set by code (<c>edge eval --seconds</c>), not configuration: play only the file's first seconds.</summary>
    public double? ReplayUntil { get; init; }

    /// <summary>Replay, set by code (degraded-mode tests), not configuration: the camera goes away at this file time.</summary>
    public double? ReplayLostAt { get; init; }

    /// <summary>Frame buffers in the ring.</summary>
    public int RingBuffers { get; init; } = 4;

    /// <summary>No frame for this long: the camera stream is missing.</summary>
    public TimeSpan MissingTimeout { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The ring's frame format.</summary>
    public FrameFormat Format => FrameFormat.Packed(Width, Height, PixelFormat);

    /// <summary>Reads and checks the section; errors are recorded on the reader.</summary>
    public static CameraOptions Read(ConfigSection section, string baseDirectory)
    {
        var source = section.GetChoice("Source", "none", Sources);
        var pixel = ReadPixelFormat(section, "PixelFormat", PixelFormat.Rgb24, PixelFormats.ConfigNames);
        var capture = ReadPixelFormat(section, "CaptureFormat", PixelFormat.Yuyv, ["yuyv", "mjpeg", "nv12"]);
        var options = new CameraOptions
        {
            Source = source,
            Device = section.GetString("Device", "/dev/video0"),
            Width = section.GetInt("Width", 640, 16, 7680),
            Height = section.GetInt("Height", 480, 16, 4320),
            Fps = section.GetInt("Fps", 15, 1, 240),
            PixelFormat = pixel,
            CaptureFormat = capture,
            DeviceBuffers = section.GetInt("DeviceBuffers", 4, 2, 32),
            PipeCommand = section.GetString("PipeCommand", ""),
            ReplayFile = section.GetExistingFile("ReplayFile", baseDirectory),
            Pacing = ReplayPacings.Parse(section.GetChoice("Pacing", "realtime", ReplayPacings.Names)),
            Loop = section.GetBool("Loop", false),
            RingBuffers = section.GetInt("RingBuffers", 4, 3, 64),
            MissingTimeout = section.GetDuration("MissingTimeout", TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        };
        if (source == "pipe" && string.IsNullOrWhiteSpace(options.PipeCommand))
        {
            section.Error("PipeCommand", options.PipeCommand, "a command writing raw frames to stdout is required when Source is pipe");
        }
        if (source == "replay" && options.ReplayFile is null && string.IsNullOrWhiteSpace(section.GetString("ReplayFile", "")))
        {
            section.Error("ReplayFile", null, "a video file is required when Source is replay");
        }
        if (source == "opencv" && string.IsNullOrWhiteSpace(options.Device))
        {
            section.Error("Device", options.Device, "a V4L2 index or node, a video file, a stream URL or a GStreamer pipeline is required when Source is opencv");
        }
        if (source == "opencv" && pixel is not (PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Gray8))
        {
            section.Error("PixelFormat", pixel.ToString(), "rgb24, bgr24 or gray for an opencv source");
        }
        if (source is "pipe" or "replay" && pixel == PixelFormat.Mjpeg)
        {
            section.Error("PixelFormat", "mjpeg", "a raw format (rgb24, bgr24, gray, yuyv, nv12, i420) for pipe and replay sources");
        }
        if (source == "v4l2" && pixel is not (PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Gray8) && pixel != capture)
        {
            section.Error("PixelFormat", pixel.ToString(), $"rgb24, bgr24, gray or the capture format ({capture}) for a V4L2 source");
        }
        return options;
    }

    internal static PixelFormat ReadPixelFormat(ConfigSection section, string key, PixelFormat fallback, string[] allowed)
    {
        var text = section.GetString(key, "");
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (PixelFormats.TryParse(text, out var format) && allowed.Any(a => PixelFormats.TryParse(a, out var f) && f == format))
        {
            return format;
        }
        section.Error(key, text, "one of " + string.Join(", ", allowed));
        return fallback;
    }
}
