using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>The luma plane tier 0's gates work on.</summary>
internal static class Luma
{
    /// <summary>
    /// Luma from RGB/BGR (BT.601 integer weights) into <paramref name="luma"/>, reallocated only when the frame size
    /// changes; Gray8 is copied as is. Rows of the result are tightly packed (stride = width).
    /// </summary>
    public static void Convert(ImageView frame, ref byte[] luma)
    {
        var n = frame.Width * frame.Height;
        if (luma.Length != n)
        {
            luma = new byte[n];
        }
        if (frame.Format == PixelFormat.Gray8)
        {
            for (var y = 0; y < frame.Height; y++)
            {
                frame.Pixels.Slice(y * frame.Stride, frame.Width).CopyTo(luma.AsSpan(y * frame.Width));
            }
            return;
        }
        var (r, b) = frame.Format == PixelFormat.Bgr24 ? (2, 0) : (0, 2);
        for (var y = 0; y < frame.Height; y++)
        {
            var row = frame.Pixels.Slice(y * frame.Stride, frame.Width * 3);
            var dst = luma.AsSpan(y * frame.Width, frame.Width);
            for (var x = 0; x < dst.Length; x++)
            {
                dst[x] = (byte)((77 * row[3 * x + r] + 150 * row[3 * x + 1] + 29 * row[3 * x + b]) >> 8);
            }
        }
    }
}
