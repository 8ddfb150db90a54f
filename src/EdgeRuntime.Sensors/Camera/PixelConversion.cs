using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>
/// Converts driver pixel layouts (YUYV, NV12) to what the ring holds (RGB24, BGR24, gray), with BT.601 limited-range
/// integer arithmetic, allocation-free. Same-format input is copied row by row (dropping the driver's row padding).
/// </summary>
public static class PixelConversion
{
    /// <summary>True when <see cref="Convert"/> handles <paramref name="from"/> → <paramref name="to"/>.</summary>
    public static bool CanConvert(PixelFormat from, PixelFormat to) =>
        from == to || (from is PixelFormat.Yuyv or PixelFormat.Nv12 && to is PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Gray8);

    /// <summary>Converts one frame of <paramref name="width"/> × <paramref name="height"/>; <paramref name="sourceStride"/> is the driver's bytes per line.</summary>
    public static void Convert(ReadOnlySpan<byte> source, PixelFormat from, int sourceStride, Span<byte> destination, PixelFormat to, int width, int height)
    {
        if (from == to)
        {
            CopyRows(source, sourceStride, destination, PixelFormats.DefaultStride(to, width), height, PixelFormats.FrameBytes(to, width, height));
            return;
        }
        switch (from)
        {
            case PixelFormat.Yuyv:
                for (var y = 0; y < height; y++)
                {
                    var row = source.Slice(y * sourceStride, width * 2);
                    for (var x = 0; x < width; x += 2)
                    {
                        var u = row[x * 2 + 1] - 128;
                        var v = row[x * 2 + 3] - 128;
                        Store(destination, to, y * width + x, row[x * 2], u, v);
                        if (x + 1 < width)
                        {
                            Store(destination, to, y * width + x + 1, row[x * 2 + 2], u, v);
                        }
                    }
                }
                break;
            case PixelFormat.Nv12:
                var chroma = source[(sourceStride * height)..];
                for (var y = 0; y < height; y++)
                {
                    var luma = source.Slice(y * sourceStride, width);
                    var uv = chroma.Slice(y / 2 * sourceStride);
                    for (var x = 0; x < width; x++)
                    {
                        Store(destination, to, y * width + x, luma[x], uv[x & ~1] - 128, uv[(x & ~1) + 1] - 128);
                    }
                }
                break;
            default:
                throw new NotSupportedException($"no conversion from {from} to {to}");
        }
    }

    private static void CopyRows(ReadOnlySpan<byte> source, int sourceStride, Span<byte> destination, int rowBytes, int height, int frameBytes)
    {
        if (rowBytes == 0 || sourceStride == rowBytes)
        {
            source[..Math.Min(source.Length, frameBytes)].CopyTo(destination);
            return;
        }
        // Planar formats: the chroma rows follow the luma rows with the same stride.
        var rows = frameBytes / rowBytes;
        for (var r = 0; r < rows; r++)
        {
            source.Slice(r * sourceStride, rowBytes).CopyTo(destination[(r * rowBytes)..]);
        }
    }

    private static void Store(Span<byte> destination, PixelFormat to, int pixel, int luma, int u, int v)
    {
        var c = 298 * (luma - 16);
        if (to == PixelFormat.Gray8)
        {
            destination[pixel] = Clamp((c + 128) >> 8);
            return;
        }
        var r = Clamp((c + 409 * v + 128) >> 8);
        var g = Clamp((c - 100 * u - 208 * v + 128) >> 8);
        var b = Clamp((c + 516 * u + 128) >> 8);
        var o = pixel * 3;
        if (to == PixelFormat.Rgb24)
        {
            destination[o] = r;
            destination[o + 1] = g;
            destination[o + 2] = b;
        }
        else
        {
            destination[o] = b;
            destination[o + 1] = g;
            destination[o + 2] = r;
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
