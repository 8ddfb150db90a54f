namespace EdgeRuntime.Core.Frames;

/// <summary>How a frame's bytes encode its pixels.</summary>
public enum PixelFormat
{
    /// <summary>8-bit R, G, B per pixel, packed (ffmpeg <c>rgb24</c>).</summary>
    Rgb24,

    /// <summary>8-bit B, G, R per pixel, packed (ffmpeg <c>bgr24</c>, OpenCV's order).</summary>
    Bgr24,

    /// <summary>8-bit luma only (ffmpeg <c>gray</c>).</summary>
    Gray8,

    /// <summary>4:2:2 packed Y0 U Y1 V (V4L2 <c>YUYV</c>, ffmpeg <c>yuyv422</c>).</summary>
    Yuyv,

    /// <summary>4:2:0 planar luma plane then interleaved U V plane (V4L2 <c>NV12</c>, ffmpeg <c>nv12</c>).</summary>
    Nv12,

    /// <summary>4:2:0 planar Y, U, V planes (ffmpeg <c>yuv420p</c>).</summary>
    I420,

    /// <summary>A compressed JPEG image per frame (V4L2 <c>MJPG</c>); <see cref="Frame.Length"/> varies per frame.</summary>
    Mjpeg,
}

/// <summary>Sizes and names of <see cref="PixelFormat"/>s.</summary>
public static class PixelFormats
{
    /// <summary>Bytes of one frame of <paramref name="format"/> at the given size with tightly packed rows (the worst case for MJPEG).</summary>
    public static int FrameBytes(PixelFormat format, int width, int height) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => checked(width * height * 3),
        PixelFormat.Gray8 => checked(width * height),
        PixelFormat.Yuyv => checked(width * height * 2),
        PixelFormat.Nv12 or PixelFormat.I420 => checked(width * height + 2 * (((width + 1) / 2) * ((height + 1) / 2))),
        // A JPEG is rarely beyond 1/2 of YUYV; a decoder needs the whole compressed image in one buffer.
        PixelFormat.Mjpeg => checked(width * height * 2),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format"),
    };

    /// <summary>Bytes per row of the first plane with tightly packed rows.</summary>
    public static int DefaultStride(PixelFormat format, int width) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => width * 3,
        PixelFormat.Yuyv => width * 2,
        PixelFormat.Mjpeg => 0,
        _ => width,
    };

    /// <summary>The ffmpeg <c>-pix_fmt</c> name of a raw format (not MJPEG).</summary>
    public static string FfmpegName(PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => "rgb24",
        PixelFormat.Bgr24 => "bgr24",
        PixelFormat.Gray8 => "gray",
        PixelFormat.Yuyv => "yuyv422",
        PixelFormat.Nv12 => "nv12",
        PixelFormat.I420 => "yuv420p",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no raw ffmpeg pixel format"),
    };

    /// <summary>Parses a configuration name (<c>rgb24</c>, <c>bgr24</c>, <c>gray</c>, <c>yuyv</c>, <c>nv12</c>, <c>i420</c>, <c>mjpeg</c>).</summary>
    public static bool TryParse(string text, out PixelFormat format)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "rgb24" or "rgb": format = PixelFormat.Rgb24; return true;
            case "bgr24" or "bgr": format = PixelFormat.Bgr24; return true;
            case "gray" or "gray8" or "grey": format = PixelFormat.Gray8; return true;
            case "yuyv" or "yuyv422" or "yuy2": format = PixelFormat.Yuyv; return true;
            case "nv12": format = PixelFormat.Nv12; return true;
            case "i420" or "yuv420p": format = PixelFormat.I420; return true;
            case "mjpeg" or "mjpg" or "jpeg": format = PixelFormat.Mjpeg; return true;
            default: format = default; return false;
        }
    }

    /// <summary>The names <see cref="TryParse"/> accepts, for configuration errors.</summary>
    public static readonly string[] ConfigNames = ["rgb24", "bgr24", "gray", "yuyv", "nv12", "i420", "mjpeg"];
}
