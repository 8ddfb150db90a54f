using EdgeRuntime.Core.Frames;
using EdgeRuntime.Interop.Libc;
using static EdgeRuntime.Interop.Libc.V4l2;

namespace EdgeRuntime.Sensors.Camera.V4l2;

/// <summary>
/// The set-up half of <see cref="V4l2Camera"/>: what the device can do against what is configured, before any buffer is
/// mapped (VIDIOC_QUERYCAP, ENUM_FMT, S_FMT, ENUM_FRAMESIZES, S_PARM through <see cref="IVideoDevice"/>).
/// </summary>
internal static class V4l2Negotiation
{
    /// <summary>
    /// Checks capabilities, sets format, size and rate; returns the driver's bytes per line and the frame interval it
    /// granted. Errors name the device, its card and what it offers instead.
    /// </summary>
    public static unsafe (int Stride, V4l2Fract Interval) Negotiate(IVideoDevice device, V4l2CameraSettings settings)
    {
        var cap = device.QueryCapability();
        var caps = (cap.Capabilities & CapDeviceCaps) != 0 ? cap.DeviceCaps : cap.Capabilities;
        var card = Text(cap.Card, 32);
        if ((caps & CapVideoCapture) == 0 || (caps & CapStreaming) == 0)
        {
            throw new IOException($"{device.Path} ({card}) cannot stream video capture (capabilities 0x{caps:x8})");
        }
        var wanted = V4l2Camera.FourCCOf(settings.CaptureFormat);
        var offered = new List<string>();
        var found = false;
        for (uint i = 0; device.EnumFormat(i, out var desc); i++)
        {
            offered.Add(FourCCText(desc.PixelFormat));
            found |= desc.PixelFormat == wanted;
        }
        if (!found)
        {
            throw new IOException($"{device.Path} ({card}) does not offer {FourCCText(wanted)}; it offers {string.Join(", ", offered)}");
        }
        var format = settings.Format;
        var actual = device.SetFormat(new V4l2PixFormat { Width = (uint)format.Width, Height = (uint)format.Height, PixelFormat = wanted, Field = FieldNone });
        if (actual.PixelFormat != wanted || actual.Width != format.Width || actual.Height != format.Height)
        {
            var sizes = new List<string>();
            for (uint i = 0; device.EnumFrameSize(wanted, i, out var s); i++)
            {
                sizes.Add(s.Type == FrmSizeTypeDiscrete ? $"{s.DiscreteWidth}x{s.DiscreteHeight}" : $"{s.MinWidth}-{s.MaxWidth}x{s.MinHeight}-{s.MaxHeight}");
            }
            throw new IOException($"{device.Path} ({card}) gave {FourCCText(actual.PixelFormat)} {actual.Width}x{actual.Height} for {FourCCText(wanted)} {format.Width}x{format.Height}; " +
                $"set Camera:Width/Height to a size it supports: {string.Join(", ", sizes)}");
        }
        var interval = device.SetFrameInterval(new V4l2Fract { Numerator = 1, Denominator = (uint)settings.Fps });
        var minimumStride = settings.CaptureFormat == PixelFormat.Yuyv ? format.Width * 2 : format.Width;
        return (Math.Max((int)actual.BytesPerLine, minimumStride), interval);
    }

    private static unsafe string Text(byte* bytes, int max)
    {
        var span = new ReadOnlySpan<byte>(bytes, max);
        var end = span.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
