using EdgeRuntime.Interop.TurboJpeg;

namespace EdgeRuntime.Interop.Tests.TurboJpeg;

public class JpegDecoderTests
{
    private const string Photo = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";

    [Fact]
    public void A_real_photo_decodes_to_the_pixels_ffmpeg_decodes()
    {
        var jpeg = File.ReadAllBytes(Photo);
        using var decoder = new JpegDecoder();
        var (width, height) = decoder.ReadSize(jpeg);
        Assert.Equal((548, 342), (width, height));
        var rgb = new byte[width * height * 3];
        decoder.Decode(jpeg, rgb, width, height, width * 3, JpegPixelFormat.Rgb);

        var reference = ProcessRunner.Run("sh", ["-c", $"ffmpeg -nostdin -loglevel error -i {Photo} -f rawvideo -pix_fmt rgb24 - | od -An -v -tu1"], TimeSpan.FromSeconds(60));
        Assert.True(reference.ExitCode == 0, reference.ToString());
        var expected = reference.StdOut.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(byte.Parse).ToArray();
        Assert.Equal(rgb.Length, expected.Length);
        // Decoders differ in IDCT and chroma upsampling by a few levels, never more on average.
        var meanDifference = rgb.Zip(expected, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanDifference < 3, $"mean absolute difference {meanDifference:F2}");
    }

    [Fact]
    public void Garbage_is_refused_with_TurboJPEG_s_own_reason()
    {
        using var decoder = new JpegDecoder();
        var e = Assert.Throws<JpegException>(() => decoder.ReadSize([1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.StartsWith("tjDecompressHeader3 failed: ", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length > "tjDecompressHeader3 failed: ".Length);
    }

    [Fact]
    public void A_destination_too_small_for_the_image_is_refused_before_decoding()
    {
        var jpeg = File.ReadAllBytes(Photo);
        using var decoder = new JpegDecoder();
        Assert.Throws<ArgumentException>(() => decoder.Decode(jpeg, new byte[100], 548, 342, 548 * 3, JpegPixelFormat.Rgb));
        Assert.Throws<JpegException>(() => decoder.Decode(jpeg, new byte[640 * 480 * 3], 640, 480, 640 * 3, JpegPixelFormat.Rgb));
    }
}
