using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Writes a frame into an NHWC float RGB tensor with bilinear resizing (pixel-centre aligned, aspect not preserved,
/// as the TF.js references of CenterNet and BlazeFace do): <c>value = pixel * scale + offset</c>.
/// </summary>
/// <remarks>
/// <see cref="Write"/> is separable and vectorised, so preprocessing needs no OpenCV to be fast: per output row it
/// blends the two source rows into one float row with SIMD (bytes widened to floats, <c>Vector&lt;T&gt;</c>: AVX2
/// on x64, NEON on arm64), then resamples that row horizontally with one Vector128 per output pixel (its three
/// channels and a spare lane, shuffled for BGR) from per-pixel tables of source offsets and weights already multiplied
/// by <c>scale</c>. Both steps are plain Vector APIs, so arm64 boards get the same code as x64.
/// <see cref="WriteReference"/> is the plain per-pixel loop the vectorised path is tested and benchmarked against
/// (horizontal first, so the two differ by float rounding only). Tables and the row buffer are built once per
/// (source size, pixel format); after that neither method allocates.
/// </remarks>
public sealed class TensorImage(int tensorWidth, int tensorHeight, float scale, float offset)
{
    private int _srcW = -1, _srcH = -1;
    private PixelFormat _srcFormat;
    private int[] _x0 = [], _x1 = [], _y0 = [], _y1 = [];
    private float[] _fx = [], _fy = [];
    private int[] _i0 = [], _i1 = [];
    private float[] _w0 = [], _w1 = [];
    private float[] _row = [];

    /// <summary>Tensor width in pixels.</summary>
    public int Width { get; } = tensorWidth;

    /// <summary>Tensor height in pixels.</summary>
    public int Height { get; } = tensorHeight;

    /// <summary>Resizes and normalises <paramref name="image"/> (Rgb24 or Bgr24) into <paramref name="nhwc"/> (Height × Width × 3, RGB).</summary>
    public void Write(ImageView image, Span<float> nhwc)
    {
        Prepare(image, nhwc);
        var n = Width * 3;
        var rowBytes = image.Width * 3;
        var pixels = image.Pixels;
        var bgr = image.Format == PixelFormat.Bgr24;
        for (var y = 0; y < Height; y++)
        {
            BlendRows(pixels.Slice(_y0[y] * image.Stride, rowBytes), pixels.Slice(_y1[y] * image.Stride, rowBytes), _fy[y], _row);
            Resample(_row, nhwc.Slice(y * n, n), bgr);
        }
    }

    /// <summary>The per-pixel scalar definition of <see cref="Write"/>, kept as its reference (tests, tools/bench).</summary>
    public void WriteReference(ImageView image, Span<float> nhwc)
    {
        Prepare(image, nhwc);
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

    private void Prepare(ImageView image, Span<float> nhwc)
    {
        if (image.Format != PixelFormat.Rgb24 && image.Format != PixelFormat.Bgr24)
        {
            throw new ArgumentException($"detectors take Rgb24 or Bgr24 frames, not {image.Format}", nameof(image));
        }
        if (nhwc.Length < Width * Height * 3)
        {
            throw new ArgumentException($"the tensor holds {nhwc.Length} floats, {Width}x{Height}x3 needs {Width * Height * 3}", nameof(nhwc));
        }
        if (image.Width != _srcW || image.Height != _srcH || image.Format != _srcFormat)
        {
            Tables(image.Width, image.Height, image.Format);
        }
    }

    // dst[i] = a[i] + (b[i] - a[i]) * f over one source row of bytes, Vector<T> wide (256 bits with AVX2, 128 on NEON).
    private static void BlendRows(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, float f, Span<float> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<byte, Vector<byte>>(a);
            var vb = MemoryMarshal.Cast<byte, Vector<byte>>(b);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            var vf = new Vector<float>(f);
            for (var v = 0; v < va.Length; v++)
            {
                var (a0, a1, a2, a3) = Widen(va[v]);
                var (b0, b1, b2, b3) = Widen(vb[v]);
                var d = v * 4;
                vd[d] = a0 + (b0 - a0) * vf;
                vd[d + 1] = a1 + (b1 - a1) * vf;
                vd[d + 2] = a2 + (b2 - a2) * vf;
                vd[d + 3] = a3 + (b3 - a3) * vf;
            }
            i = va.Length * Vector<byte>.Count;
        }
        for (; i < a.Length; i++)
        {
            float va = a[i];
            dst[i] = va + (b[i] - va) * f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float>, Vector<float>, Vector<float>, Vector<float>) Widen(Vector<byte> v)
    {
        Vector.Widen(v, out var lo, out var hi);
        Vector.Widen(lo, out var w0, out var w1);
        Vector.Widen(hi, out var w2, out var w3);
        return (Vector.ConvertToSingle(Vector.AsVectorInt32(w0)), Vector.ConvertToSingle(Vector.AsVectorInt32(w1)),
                Vector.ConvertToSingle(Vector.AsVectorInt32(w2)), Vector.ConvertToSingle(Vector.AsVectorInt32(w3)));
    }

    // One output pixel's three channels from the blended row: row[x0..x0+2] * w0 + row[x1..x1+2] * w1 + offset, the
    // weights carrying `scale`. A Vector128 covers a pixel and one lane more, so the row has a float of padding and the
    // last pixel (whose fourth lane would pass the tensor row) is done channel by channel.
    private void Resample(ReadOnlySpan<float> row, Span<float> dst, bool bgr)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var off = Vector128.Create(offset);
            for (; x < Width - 1; x++)
            {
                var left = Vector128.LoadUnsafe(ref r, (nuint)_i0[x]);
                var right = Vector128.LoadUnsafe(ref r, (nuint)_i1[x]);
                var v = left * Vector128.Create(_w0[x]) + right * Vector128.Create(_w1[x]) + off;
                if (bgr)
                {
                    v = Vector128.Shuffle(v, Vector128.Create(2, 1, 0, 3));
                }
                v.StoreUnsafe(ref d, (nuint)(x * 3));
            }
        }
        var (red, blue) = bgr ? (2, 0) : (0, 2);
        for (; x < Width; x++)
        {
            int a = _i0[x], c = _i1[x];
            float w0 = _w0[x], w1 = _w1[x];
            dst[x * 3] = row[a + red] * w0 + row[c + red] * w1 + offset;
            dst[x * 3 + 1] = row[a + 1] * w0 + row[c + 1] * w1 + offset;
            dst[x * 3 + 2] = row[a + blue] * w0 + row[c + blue] * w1 + offset;
        }
    }

    private void Tables(int w, int h, PixelFormat format)
    {
        (_x0, _x1, _fx) = Axis(w, Width);
        (_y0, _y1, _fy) = Axis(h, Height);
        _i0 = new int[Width];
        _i1 = new int[Width];
        _w0 = new float[Width];
        _w1 = new float[Width];
        for (var x = 0; x < Width; x++)
        {
            _i0[x] = _x0[x] * 3;
            _i1[x] = _x1[x] * 3;
            _w0[x] = (1 - _fx[x]) * scale;
            _w1[x] = _fx[x] * scale;
        }
        _row = new float[w * 3 + 1]; // + 1: a pixel's Vector128 load reads one float past its three
        (_srcW, _srcH, _srcFormat) = (w, h, format);
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
