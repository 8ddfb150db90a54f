using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// A user's "read text": the DB detector over the whole frame at full resolution (in overlapping tiles when the frame
/// is larger than <see cref="TileSide"/>), the boxes merged across tiles and put in reading order, and every line
/// recognized from the full-resolution frame. The per-pass reader looks at a 640-pixel copy and reads the 4 largest
/// lines, which suits a sign; a page of print needs every line at the camera's own resolution.
/// </summary>
// Design: single-threaded, owned by the tier-2 worker through its PaddleTextReader; Interrupt (any thread) only sets
// the runners' terminate flags. The tile buffer is reused.
internal sealed class PageReader : IDisposable
{
    private readonly TextDetector _detector;
    private readonly TextRecognizer _recognizer;
    private byte[] _tile = [];

    /// <param name="detector">The DB text detector.</param>
    /// <param name="recognizer">The CTC recognizer.</param>
    /// <param name="decoder">The recognizer's dictionary.</param>
    /// <param name="tileSide">Frames up to this side are read in one detector pass; larger ones in tiles of this side.</param>
    public PageReader(OrtModel detector, OrtModel recognizer, CtcGreedyDecoder decoder, int tileSide)
    {
        _detector = new TextDetector(detector, limitSide: tileSide, maxBoxes: 256);
        // A printed line is 30-60 times as wide as it is high: at the recognizer's 48-pixel height it needs a tensor
        // several thousand wide, where a sign's 640 would squeeze its letters into one another.
        _recognizer = new TextRecognizer(recognizer, decoder, maxWidth: 4096);
        TileSide = tileSide;
    }

    /// <summary>The detector's tile side (pixels of the frame, read at full resolution).</summary>
    public int TileSide { get; }

    /// <summary>Tiles overlap by this much: more than a line of print is high, so each line is whole in one tile.</summary>
    public int Overlap { get; init; } = 96;

    /// <summary>A region lower than this (frame pixels) holds letters too small to read.</summary>
    public int MinLineHeight { get; init; } = 9;

    /// <summary>
    /// Lines read with less confidence count as unreadable. Higher than a sign's 0.6: print too small to read (7 px
    /// letters in a 1280-pixel frame) comes out as plausible garbage at 0.65-0.92 ("The hhay opens at nine in the
    /// moningon"), while legible print (8 px and up) reads at 0.93-1.
    /// </summary>
    public float MinConfidence { get; init; } = 0.9f;

    /// <summary>
    /// A region that reads below this is not text at all: the detector also fires on textures (fur, foliage, a clock
    /// face), whose reads score 0-0.4 on the catalog's photos, while small or stylised print reads at 0.5 and up.
    /// </summary>
    public float MinTextLikeness { get; init; } = 0.5f;

    /// <summary>Print in a region lower than this (frame pixels) that cannot be read is small print: come closer.</summary>
    public int SmallPrintHeight { get; init; } = 20;

    /// <summary>Reads the packed RGB frame <paramref name="rgb"/> (<paramref name="width"/>×<paramref name="height"/>).</summary>
    public TextPage Read(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var found = new List<TextBox>();
        foreach (var (x, y, w, h) in PageTiles.Layout(width, height, TileSide, Overlap))
        {
            var tile = Crop(rgb, width, x, y, w, h);
            foreach (var box in _detector.Detect(tile, w, h, RoundUp32(w), RoundUp32(h)))
            {
                found.Add(box with { X = box.X + x, Y = box.Y + y });
            }
        }
        var lines = new List<TextLine>();
        var unreadable = new List<TextLine>();
        var illegible = new List<TextLine>();
        foreach (var row in ReadingOrder.Rows(ReadingOrder.Merge(found)))
        {
            var parts = new List<string>();
            var confidence = 1f;
            foreach (var box in row)
            {
                // A line of print is wider than it is high: a small square blob is a speck, not text too small to read.
                var lineShaped = box.Width >= 2 * box.Height;
                if (box.Height < MinLineHeight)
                {
                    if (lineShaped)
                    {
                        unreadable.Add(new TextLine("", box.Score, Normalized(box, width, height)));
                    }
                    continue;
                }
                var (raw, score) = _recognizer.Recognize(rgb, width, height, box);
                var text = raw.Trim();
                if (text.Length == 0 || score < MinConfidence)
                {
                    if (text.Length > 0 && score >= MinTextLikeness)
                    {
                        var small = box.Height < SmallPrintHeight && lineShaped;
                        // Taller than a quarter of the frame is a whole object the detector took for a word, not a line.
                        (small ? unreadable : box.Height * 4 <= height ? illegible : null)?.Add(new TextLine("", score, Normalized(box, width, height)));
                    }
                    continue;
                }
                parts.Add(text);
                confidence = Math.Min(confidence, score);
            }
            if (parts.Count > 0)
            {
                lines.Add(new TextLine(string.Join(' ', parts), confidence, Normalized(Bounds(row), width, height)));
            }
        }
        return new TextPage(lines, unreadable, illegible);
    }

    /// <summary>Any thread: ends the model call in progress (a stop).</summary>
    public void Interrupt()
    {
        _detector.Runner.Terminate();
        _recognizer.Runner.Terminate();
    }

    public void Dispose()
    {
        _detector.Dispose();
        _recognizer.Dispose();
    }

    private ReadOnlySpan<byte> Crop(ReadOnlySpan<byte> rgb, int width, int x, int y, int w, int h)
    {
        if (x == 0 && w == width)
        {
            return rgb.Slice(y * width * 3, w * h * 3);
        }
        if (_tile.Length < w * h * 3)
        {
            _tile = new byte[w * h * 3];
        }
        for (var row = 0; row < h; row++)
        {
            rgb.Slice(((y + row) * width + x) * 3, w * 3).CopyTo(_tile.AsSpan(row * w * 3, w * 3));
        }
        return _tile.AsSpan(0, w * h * 3);
    }

    private static int RoundUp32(int n) => (n + 31) / 32 * 32;

    private static TextBox Bounds(List<TextBox> row)
    {
        var (x, y) = (row.Min(b => b.X), row.Min(b => b.Y));
        return new TextBox(x, y, row.Max(b => b.Right) - x, row.Max(b => b.Bottom) - y, row.Min(b => b.Score));
    }

    private static Box Normalized(TextBox b, int width, int height) =>
        new(b.X / (float)width, b.Y / (float)height, b.Width / (float)width, b.Height / (float)height);
}
