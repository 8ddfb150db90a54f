using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Cascade.Tests.Models;

public sealed class TensorImageTests
{
    private const string OpenCv = "/usr/share/doc/opencv-doc/examples/data/";

    // Both paths compute the same bilinear blend in a different order (vertical first vs horizontal first), so
    // they differ by float rounding only: at most 1/1000 of a grey level, times the normalisation's scale.
    private const float GreyLevelTolerance = 1e-3f;

    public static TheoryData<string, int, float, float> Photos() => new()
    {
        { "messi5.jpg", 512, 1f, 0f },             // CenterNet: upscaled to 512x512, 0-255
        { "messi5.jpg", 128, 1f / 127.5f, -1f },   // BlazeFace: downscaled to 128x128, -1..1
        { "fruits.jpg", 512, 1f, 0f },
        { "fruits.jpg", 128, 1f / 127.5f, -1f },
        { "baboon.jpg", 300, 1f / 255f, 0f },
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public void The_vectorised_resize_equals_the_scalar_reference_on_a_real_photo(string photo, int size, float scale, float offset)
    {
        var (rgb, w, h) = TestMedia.Rgb24(OpenCv + photo);
        var image = new TensorImage(size, size, scale, offset);
        var fast = new float[size * size * 3];
        var reference = new float[size * size * 3];

        image.Write(ImageView.Rgb(rgb, w, h), fast);
        image.WriteReference(ImageView.Rgb(rgb, w, h), reference);

        var worst = MaxDifference(fast, reference);
        Assert.True(worst <= GreyLevelTolerance * Math.Abs(scale), $"{photo} at {size}: max difference {worst} (tolerance {GreyLevelTolerance * Math.Abs(scale)})");
        Assert.True(fast.Distinct().Count() > 1000, "a real photo gives many distinct values");
    }

    [Fact]
    public void A_bgr_frame_with_a_padded_stride_gives_the_same_tensor_as_its_rgb_original()
    {
        var (rgb, w, h) = TestMedia.Rgb24(OpenCv + "fruits.jpg");
        var stride = w * 3 + 40;
        var bgr = new byte[stride * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var s = y * w * 3 + x * 3;
                var d = y * stride + x * 3;
                (bgr[d], bgr[d + 1], bgr[d + 2]) = (rgb[s + 2], rgb[s + 1], rgb[s]);
            }
            bgr.AsSpan(y * stride + w * 3, 40).Fill(0xEE); // padding a wrong stride would read
        }
        var image = new TensorImage(256, 256, 1f, 0f);
        var fromRgb = new float[256 * 256 * 3];
        var fromBgr = new float[256 * 256 * 3];

        image.Write(ImageView.Rgb(rgb, w, h), fromRgb);
        image.Write(new ImageView(bgr, w, h, stride, PixelFormat.Bgr24), fromBgr);

        Assert.Equal(fromRgb, fromBgr);
    }

    [Fact]
    public void At_the_source_size_every_value_is_its_pixel_scaled_and_offset()
    {
        var (rgb, w, h) = TestMedia.Rgb24(OpenCv + "messi5.jpg");
        var image = new TensorImage(w, h, 1f / 127.5f, -1f);
        var tensor = new float[w * h * 3];

        image.Write(ImageView.Rgb(rgb, w, h), tensor);

        for (var i = 0; i < tensor.Length; i++)
        {
            Assert.True(Math.Abs(tensor[i] - (rgb[i] / 127.5f - 1f)) <= 1e-6f, $"value {i}: {tensor[i]} for pixel byte {rgb[i]}");
        }
    }

    [Fact]
    public void Writing_a_frame_allocates_nothing_once_the_tables_are_built()
    {
        var (rgb, w, h) = TestMedia.Rgb24(OpenCv + "messi5.jpg");
        var image = new TensorImage(512, 512, 1f, 0f);
        var tensor = new float[512 * 512 * 3];
        image.Write(ImageView.Rgb(rgb, w, h), tensor);

        // Two windows of 20 frames: code that allocates per frame allocates in both; a one-off allocation of the runtime
        // on this thread (seen once in CI: 7,720 bytes in one window) lands in one of them only.
        var windows = new long[2];
        for (var window = 0; window < windows.Length; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
            {
                image.Write(ImageView.Rgb(rgb, w, h), tensor);
            }
            windows[window] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, windows.Min());
    }

    [Fact]
    public void A_gray_frame_is_refused_naming_its_format()
    {
        var image = new TensorImage(8, 8, 1f, 0f);
        var e = Assert.Throws<ArgumentException>(() => image.Write(new ImageView(new byte[64], 8, 8, 8, PixelFormat.Gray8), new float[8 * 8 * 3]));
        Assert.Contains("Gray8", e.Message, StringComparison.Ordinal);
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        var worst = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }
        return worst;
    }
}
