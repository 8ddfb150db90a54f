using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Writes a frame into an NHWC float RGB tensor with bilinear resizing (pixel-centre aligned, aspect not preserved,
/// as the TF.js references of CenterNet and BlazeFace do): <c>value = pixel * scale + offset</c>.
/// The column/row tables are built once per (source size, tensor size); after that a call allocates nothing.
/// </summary>
internal sealed class TensorImage(int tensorWidth, int tensorHeight, float scale, float offset)
{
    private int _srcW = -1, _srcH = -1;
    private int[] _x0 = [], _x1 = [], _y0 = [], _y1 = [];
    private float[] _fx = [], _fy = [];

    public int Width { get; } = tensorWidth;

    public int Height { get; } = tensorHeight;

    public void Write(ImageView image, Span<float> nhwc)
    {
        if (image.Format == PixelFormat.Gray8 || (image.Format != PixelFormat.Rgb24 && image.Format != PixelFormat.Bgr24))
        {
            throw new ArgumentException($"detectors take Rgb24 or Bgr24 frames, not {image.Format}", nameof(image));
        }
        if (image.Width != _srcW || image.Height != _srcH)
        {
            Tables(image.Width, image.Height);
        }
        var (r, b) = image.Format == PixelFormat.Bgr24 ? (2, 0) : (0, 2);
        var pixels = image.Pixels;
        var stride = image.Stride;
        for (var y = 0; y < Height; y++)
        {
            var row0 = pixels.Slice(_y0[y] * stride);
            var row1 = pixels.Slice(_y1[y] * stride);
            var fy = _fy[y];
            var o = y * Width * 3;
            for (var x = 0; x < Width; x++, o += 3)
            {
                int a = _x0[x] * 3, c = _x1[x] * 3;
                var fx = _fx[x];
                for (var ch = 0; ch < 3; ch++)
                {
                    var src = ch == 0 ? r : ch == 2 ? b : 1;
                    var top = row0[a + src] + (row0[c + src] - row0[a + src]) * fx;
                    var bottom = row1[a + src] + (row1[c + src] - row1[a + src]) * fx;
                    nhwc[o + ch] = (top + (bottom - top) * fy) * scale + offset;
                }
            }
        }
    }

    private void Tables(int w, int h)
    {
        _srcW = w;
        _srcH = h;
        (_x0, _x1, _fx) = Axis(w, Width);
        (_y0, _y1, _fy) = Axis(h, Height);
    }

    private static (int[] I0, int[] I1, float[] F) Axis(int source, int target)
    {
        var i0 = new int[target];
        var i1 = new int[target];
        var f = new float[target];
        var ratio = source / (float)target;
        for (var i = 0; i < target; i++)
        {
            var s = Math.Clamp((i + 0.5f) * ratio - 0.5f, 0, source - 1);
            i0[i] = (int)s;
            i1[i] = Math.Min(source - 1, i0[i] + 1);
            f[i] = s - i0[i];
        }
        return (i0, i1, f);
    }
}
