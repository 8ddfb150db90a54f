using System.Text;
using EdgeRuntime.Inference.Encoders.Ocr;

namespace EdgeRuntime.Inference.Agreement;

/// <summary>An RGB24 image in memory (row-major, no padding).</summary>
/// <param name="Rgb">width x height x 3 bytes.</param>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
public sealed record RgbImage(byte[] Rgb, int Width, int Height);

/// <summary>
/// The transcript the OCR agreement metric compares (<see cref="CharacterAgreement"/>): every region's text in reading
/// order, one line per region, all images concatenated, read by the daemon's own encoders.
/// </summary>
public static class OcrTranscript
{
    /// <summary>Runs det → rec over <paramref name="images"/>; returns the transcript and the number of regions read.</summary>
    public static (string Text, int Regions) Of(TextDetector detector, TextRecognizer recognizer, IEnumerable<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(recognizer);
        var text = new StringBuilder();
        var regions = 0;
        foreach (var image in images)
        {
            foreach (var box in detector.Detect(image.Rgb, image.Width, image.Height).ToArray())
            {
                text.Append(recognizer.Recognize(image.Rgb, image.Width, image.Height, box).Text).Append('\n');
                regions++;
            }
        }
        return (text.ToString(), regions);
    }
}
