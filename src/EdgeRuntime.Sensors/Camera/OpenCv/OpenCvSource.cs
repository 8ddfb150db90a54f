using System.Globalization;
using OpenCvSharp;

namespace EdgeRuntime.Sensors.Camera.OpenCv;

/// <summary>
/// What <c>Camera:Device</c> names for <c>Camera:Source=opencv</c>, and the VideoCapture backend that opens it:
/// a V4L2 index (<c>0</c>) or node (<c>/dev/video0</c>), a GStreamer pipeline (has <c> ! </c>, ends in
/// <c>appsink</c>), a stream URL (<c>rtsp://</c>, <c>http://</c>...) or a video file (both through FFmpeg).
/// </summary>
/// <param name="Text">The configured text.</param>
/// <param name="Index">The V4L2 index for an index, otherwise null.</param>
/// <param name="Backend">The VideoCapture backend asked for.</param>
/// <param name="IsLive">A device, pipeline or URL (frames arrive at their own pace; the end of one is a loss, not the end of input).</param>
public sealed record OpenCvSource(string Text, int? Index, VideoCaptureAPIs Backend, bool IsLive)
{
    /// <summary>Classifies <paramref name="text"/>; never touches the native library.</summary>
    public static OpenCvSource Parse(string text)
    {
        var t = text.Trim();
        if (t.Length == 0)
        {
            throw new ArgumentException("the opencv camera source is empty", nameof(text));
        }
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new OpenCvSource(t, index, VideoCaptureAPIs.V4L2, true);
        }
        if (t.StartsWith("/dev/video", StringComparison.Ordinal))
        {
            return new OpenCvSource(t, null, VideoCaptureAPIs.V4L2, true);
        }
        if (t.Contains(" ! ", StringComparison.Ordinal))
        {
            return new OpenCvSource(t, null, VideoCaptureAPIs.GSTREAMER, true);
        }
        var url = t.Contains("://", StringComparison.Ordinal);
        return new OpenCvSource(t, null, VideoCaptureAPIs.FFMPEG, url);
    }

    /// <summary>How logs and errors name it (a URL without its user:password part).</summary>
    public string Display => Uri.TryCreate(Text, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
        ? Text.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
        : Text;
}
