using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Models;
using Xunit.Abstractions;

namespace EdgeRuntime.Inference.Tests.Ocr;

/// <summary>The PP-OCRv4 models loaded once for the class; each test makes its own encoders (runners) over them.</summary>
public sealed class PaddleOcrFixture : IDisposable
{
    public PaddleOcrFixture()
    {
        Ort = new OrtFixture();
        Detector = Ort.Runtime.Load(TestModels.OcrDetector);
        Recognizer = Ort.Runtime.Load(TestModels.OcrRecognizer);
        Dictionary = CtcGreedyDecoder.FromDictionaryFile(TestModels.OcrDictionary);
    }

    public OrtFixture Ort { get; }

    public OrtModel Detector { get; }

    public OrtModel Recognizer { get; }

    public CtcGreedyDecoder Dictionary { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Recognizer.Dispose();
        Ort.Dispose();
    }
}

public sealed class PaddleOcrTests(PaddleOcrFixture models, ITestOutputHelper output) : IClassFixture<PaddleOcrFixture>
{
    private const string Page = "/usr/share/doc/opencv-doc/examples/data/imageTextN.png";

    [Fact]
    public void The_detector_finds_text_regions_where_the_ink_is_and_none_on_blank_paper()
    {
        var (rgb, width, height) = TestMedia.Rgb24(Page);
        using var detector = new TextDetector(models.Detector);
        var boxes = detector.Detect(rgb, width, height).ToArray();
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
        using var detector = new TextDetector(models.Detector);
        using var recognizer = new TextRecognizer(models.Recognizer, models.Dictionary);
        Assert.Equal(models.Recognizer.Contract.Outputs[0].Dimensions[^1], recognizer.Decoder.ClassCount);
        var firstLine = detector.Detect(rgb, width, height)[0];

        var (line, lineConfidence) = recognizer.Recognize(rgb, width, height, firstLine);
        output.WriteLine($"line {firstLine}: '{line}' ({lineConfidence:F2})");
        Assert.StartsWith("technical details are too complex", line, StringComparison.Ordinal);

        // The first word: from the line's left edge to the first gap in the ink wider than a letter space.
        var word = FirstWord(rgb, width, firstLine);
        var (text, confidence) = recognizer.Recognize(rgb, width, height, word);
        output.WriteLine($"word {word}: '{text}' ({confidence:F2})");
        Assert.Equal("technical", text);
        Assert.True(confidence > 0.8f, $"confidence {confidence}");
    }

    [Fact]
    public void Detecting_then_recognizing_every_region_reads_the_whole_page()
    {
        var (rgb, width, height) = TestMedia.Rgb24(Page);
        using var detector = new TextDetector(models.Detector);
        using var recognizer = new TextRecognizer(models.Recognizer, models.Dictionary);
        var read = new List<string>();
        foreach (var box in detector.Detect(rgb, width, height).ToArray())
        {
            read.Add(recognizer.Recognize(rgb, width, height, box).Text);
        }
        output.WriteLine(string.Join("\n", read));

        // The page as printed (transcribed from the image); recall of its words, compared without case and punctuation.
        const string transcript = """
            technical details are too complex to cover in the book itself.
            In teaching our courses, we have found it useful for the students to attempt a number of
            small implementation projects, which often build on one another, in order to get them used to
            working with real-world images and the challenges that these present. The students are then
            asked to choose an individual topic for each of their small-group, final projects. (Sometimes
            these projects even turn into conference papers!) The exercises at the end of each chapter
            contain numerous suggestions for smaller mid-term projects, as well as more open-ended
            problems whose solutions are still active research topics. Wherever possible, I encourage
            students to try their algorithms on their own personal photographs, since this better motivates
            them, often leads to creative variants on the problems, and better acquaints them with the
            variety and complexity of real-world imagery.
            In formulating and solving computer vision problems, I have often found it useful to draw
            inspiration from three high-level approaches:
            """;
        var found = Words(string.Join(" ", read)).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var expected = Words(transcript).ToArray();
        var hits = 0;
        foreach (var w in expected)
        {
            if (found.TryGetValue(w, out var n) && n > 0)
            {
                found[w] = n - 1;
                hits++;
            }
        }
        output.WriteLine($"word recall {hits}/{expected.Length}");
        Assert.True(hits >= 0.95 * expected.Length, $"only {hits} of {expected.Length} words read");
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(char.IsLetterOrDigit)]).ToLowerInvariant())
            .Where(w => w.Length > 0);

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
