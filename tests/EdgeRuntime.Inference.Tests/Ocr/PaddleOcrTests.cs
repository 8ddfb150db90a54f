using EdgeRuntime.Inference.Encoders.Ocr;
using Xunit.Abstractions;

namespace EdgeRuntime.Inference.Tests.Ocr;

public sealed class PaddleOcrTests(OrtFixture fixture, ITestOutputHelper output) : IClassFixture<OrtFixture>
{
    private const string Page = "/usr/share/doc/opencv-doc/examples/data/imageTextN.png";

    [Fact]
    public void The_detector_finds_text_regions_where_the_ink_is_and_none_on_blank_paper()
    {
        var (rgb, width, height) = TestMedia.Rgb24(Page);
        using var det = fixture.Runtime.Load(TestModels.OcrDetector);
        using var rec = fixture.Runtime.Load(TestModels.OcrRecognizer);
        using var ocr = new OcrHarness(det, rec, CtcGreedyDecoder.FromDictionaryFile(TestModels.OcrDictionary));
        var (tw, th) = OcrImage.DetectorSize(width, height);
        var boxes = ocr.Detect(rgb, width, height, tw, th).ToArray();
        output.WriteLine($"{boxes.Length} boxes: {string.Join(" ", boxes.Select(b => $"({b.X},{b.Y} {b.Width}x{b.Height} {b.Score:F2})"))}");

        // The page has 12 lines of text: at least one box per line, and not a box per letter.
        Assert.InRange(boxes.Length, 12, 80);
        var ink = 0;
        var covered = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (!IsInk(rgb, width, x, y))
                {
                    continue;
                }
                ink++;
                if (boxes.Any(b => b.Contains(x, y)))
                {
                    covered++;
                }
            }
        }
        Assert.True(covered >= 0.95 * ink, $"only {covered} of {ink} ink pixels lie in a detected box");
        foreach (var b in boxes)
        {
            var inkInBox = 0;
            for (var y = b.Y; y < b.Bottom; y++)
            {
                for (var x = b.X; x < b.Right; x++)
                {
                    inkInBox += IsInk(rgb, width, x, y) ? 1 : 0;
                }
            }
            Assert.True(inkInBox >= 0.03 * b.Width * b.Height, $"box {b} holds almost no ink ({inkInBox} pixels)");
        }
    }

    [Fact]
    public void The_recognizer_reads_a_cropped_word_and_a_whole_line()
    {
        var (rgb, width, height) = TestMedia.Rgb24(Page);
        using var det = fixture.Runtime.Load(TestModels.OcrDetector);
        using var rec = fixture.Runtime.Load(TestModels.OcrRecognizer);
        using var ocr = new OcrHarness(det, rec, CtcGreedyDecoder.FromDictionaryFile(TestModels.OcrDictionary));
        Assert.Equal(rec.Contract.Outputs[0].Dimensions[^1], ocr.Decoder.ClassCount);
        var (tw, th) = OcrImage.DetectorSize(width, height);
        var firstLine = ocr.Detect(rgb, width, height, tw, th)[0];

        var (line, lineConfidence) = ocr.Recognize(rgb, width, height, firstLine);
        output.WriteLine($"line {firstLine}: '{line}' ({lineConfidence:F2})");
        Assert.StartsWith("technical details are too complex", line, StringComparison.Ordinal);

        // The first word: from the line's left edge to the first gap in the ink wider than a letter space.
        var word = FirstWord(rgb, width, firstLine);
        var (text, confidence) = ocr.Recognize(rgb, width, height, word);
        output.WriteLine($"word {word}: '{text}' ({confidence:F2})");
        Assert.Equal("technical", text);
        Assert.True(confidence > 0.8f, $"confidence {confidence}");
    }

    private static TextBox FirstWord(byte[] rgb, int width, TextBox line)
    {
        var started = -1;
        var gap = 0;
        for (var x = line.X; x < line.Right; x++)
        {
            var any = false;
            for (var y = line.Y; y < line.Bottom && !any; y++)
            {
                any = IsInk(rgb, width, x, y);
            }
            if (any)
            {
                started = started < 0 ? x : started;
                gap = 0;
            }
            else if (started >= 0 && ++gap >= 4)
            {
                var end = x - gap + 1;
                return new TextBox(Math.Max(line.X, started - 3), line.Y, end - started + 6, line.Height, line.Score);
            }
        }
        return line;
    }

    private static bool IsInk(byte[] rgb, int width, int x, int y)
    {
        var i = (y * width + x) * 3;
        return rgb[i] + rgb[i + 1] + rgb[i + 2] < 3 * 110;
    }
}
