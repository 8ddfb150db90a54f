namespace EdgeRuntime.Inference.Encoders.Ocr;

/// <summary>
/// Writes a region of a packed RGB24 image into a planar (CHW) float tensor: bilinear resize, per-channel
/// <c>(v/255 - mean) / std</c>, optional BGR plane order (PaddleOCR models were trained on OpenCV's BGR), and zero padding
/// to the right of the resized width. No allocation.
/// </summary>
public readonly struct ChannelNormalization(float mean0, float mean1, float mean2, float std0, float std1, float std2, bool bgr)
{
    /// <summary>PaddleOCR's detector: ImageNet mean and std on BGR planes.</summary>
    public static ChannelNormalization PaddleDetector => new(0.485f, 0.456f, 0.406f, 0.229f, 0.224f, 0.225f, bgr: true);

    /// <summary>PaddleOCR's recognizer and classifier: <c>(v/255 - 0.5) / 0.5</c> on BGR planes.</summary>
    public static ChannelNormalization PaddleRecognizer => new(0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, bgr: true);

    internal float Mean(int plane) => plane switch { 0 => mean0, 1 => mean1, _ => mean2 };

    internal float Std(int plane) => plane switch { 0 => std0, 1 => std1, _ => std2 };

    /// <summary>True when plane 0 takes the blue channel.</summary>
    public bool Bgr => bgr;
}

/// <summary>Image-to-tensor helpers for the OCR encoders.</summary>
public static class OcrImage
{
    /// <summary>
    /// Resizes the <paramref name="regionWidth"/>×<paramref name="regionHeight"/> region at (<paramref name="regionX"/>,
    /// <paramref name="regionY"/>) of <paramref name="rgb"/> to <paramref name="resizedWidth"/>×<paramref name="tensorHeight"/>
    /// and writes it normalized into <paramref name="chw"/>, a [3, tensorHeight, tensorWidth] tensor; columns from
    /// <paramref name="resizedWidth"/> to <paramref name="tensorWidth"/> are set to 0 (the normalized padding value PaddleOCR uses).
    /// </summary>
    public static void ResizeToChw(ReadOnlySpan<byte> rgb, int imageWidth, int imageHeight,
        int regionX, int regionY, int regionWidth, int regionHeight,
        Span<float> chw, int tensorWidth, int tensorHeight, int resizedWidth, in ChannelNormalization norm)
    {
        if (regionX < 0 || regionY < 0 || regionWidth <= 0 || regionHeight <= 0 || regionX + regionWidth > imageWidth || regionY + regionHeight > imageHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(regionX), $"region {regionX},{regionY} {regionWidth}x{regionHeight} is outside the {imageWidth}x{imageHeight} image");
        }
        if (rgb.Length < imageWidth * imageHeight * 3 || chw.Length < 3 * tensorWidth * tensorHeight || resizedWidth > tensorWidth)
        {
            throw new ArgumentException("buffer sizes do not match the image and tensor sizes");
        }
        var plane = tensorWidth * tensorHeight;
        Span<float> scale = stackalloc float[3];
        Span<float> offset = stackalloc float[3];
        Span<int> source = stackalloc int[3];
        for (var p = 0; p < 3; p++)
        {
            // (v/255 - mean)/std = v*scale + offset
            scale[p] = 1f / (255f * norm.Std(p));
            offset[p] = -norm.Mean(p) / norm.Std(p);
            source[p] = norm.Bgr ? 2 - p : p;
        }
        var sy = regionHeight / (float)tensorHeight;
        var sx = regionWidth / (float)resizedWidth;
        for (var y = 0; y < tensorHeight; y++)
        {
            // Pixel-centre alignment, as OpenCV's INTER_LINEAR.
            var fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0, regionHeight - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, regionHeight - 1);
            var wy = fy - y0;
            var row0 = ((regionY + y0) * imageWidth + regionX) * 3;
            var row1 = ((regionY + y1) * imageWidth + regionX) * 3;
            var dst = y * tensorWidth;
            for (var x = 0; x < resizedWidth; x++)
            {
                var fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0, regionWidth - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, regionWidth - 1);
                var wx = fx - x0;
                for (var p = 0; p < 3; p++)
                {
                    var c = source[p];
                    var top = rgb[row0 + x0 * 3 + c] + (rgb[row0 + x1 * 3 + c] - rgb[row0 + x0 * 3 + c]) * wx;
                    var bottom = rgb[row1 + x0 * 3 + c] + (rgb[row1 + x1 * 3 + c] - rgb[row1 + x0 * 3 + c]) * wx;
                    chw[p * plane + dst + x] = (top + (bottom - top) * wy) * scale[p] + offset[p];
                }
            }
            for (var p = 0; p < 3; p++)
            {
                chw.Slice(p * plane + dst + resizedWidth, tensorWidth - resizedWidth).Clear();
            }
        }
    }

    /// <summary>
    /// The detector input size for an image: scaled so the longer side is at most <paramref name="limitSide"/>, each side
    /// rounded to a multiple of 32 (the DB network downsamples by 32), at least 32.
    /// </summary>
    public static (int Width, int Height) DetectorSize(int imageWidth, int imageHeight, int limitSide = 960)
    {
        var ratio = Math.Max(imageWidth, imageHeight) > limitSide ? limitSide / (double)Math.Max(imageWidth, imageHeight) : 1.0;
        static int Round32(double v) => Math.Max(32, (int)Math.Round(v / 32) * 32);
        return (Round32(imageWidth * ratio), Round32(imageHeight * ratio));
    }

    /// <summary>
    /// The recognizer width for a text region at height <paramref name="tensorHeight"/>: aspect kept, rounded up to a
    /// multiple of 8 (one CTC step per 8 columns), within [<paramref name="minWidth"/>, <paramref name="maxWidth"/>].
    /// </summary>
    public static int RecognizerWidth(int regionWidth, int regionHeight, int tensorHeight = 48, int minWidth = 48, int maxWidth = 1280)
    {
        var w = (int)Math.Ceiling(tensorHeight * regionWidth / (double)regionHeight);
        return Math.Clamp((w + 7) / 8 * 8, minWidth, maxWidth);
    }
}
