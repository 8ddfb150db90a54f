using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Tier 2 text reader: PaddleOCR PP-OCRv4 DB detector on the frame (longest side limited), then the CTC recognizer on
/// each detected line, using the inference layer's OCR encoders. Lines below <see cref="MinConfidence"/> are dropped.
/// </summary>
public sealed class PaddleTextReader : ITextReader, IDisposable
{
    private readonly TextDetector _detector;
    private readonly TextDetector? _probe;
    private readonly TextRecognizer _recognizer;
    private readonly TextBox[] _largest;
    private readonly PageReader _page;
    private byte[] _rgb = [];

    /// <summary>Wraps the PP-OCR detector and recognizer sessions.</summary>
    /// <param name="detector">The DB text detector.</param>
    /// <param name="recognizer">The CTC recognizer.</param>
    /// <param name="decoder">The recognizer's dictionary.</param>
    /// <param name="limitSide">Longest side of the detector input.</param>
    /// <param name="maxLines">The largest lines are read first; a wearer cares about the sign, not the small print, and each line costs a recognizer run.</param>
    /// <param name="maxLineWidth">Recognizer tensor width cap: 640 at height 48 holds a 13:1 line (a long sign); wider regions are squeezed.</param>
    /// <param name="probeSide">
    /// Longest side of a first, cheap detector pass that decides whether text is likely at all (0: no probe). Most views
    /// hold no text; at 320 the probe costs about a quarter of the full pass, which then runs only when the probe found a region.
    /// </param>
    /// <param name="pageTileSide">A user's "read text" reads the frame at full resolution, in tiles of this side when it is larger.</param>
    public PaddleTextReader(OrtModel detector, OrtModel recognizer, CtcGreedyDecoder decoder, int limitSide = 640, int maxLines = 4, int maxLineWidth = 640,
        int probeSide = 320, int pageTileSide = 1280)
    {
        _page = new PageReader(detector, recognizer, decoder, pageTileSide);
        _detector = new TextDetector(detector, limitSide: limitSide, maxBoxes: 64);
        _probe = probeSide > 0 && probeSide < limitSide ? new TextDetector(detector, limitSide: probeSide, maxBoxes: 64) : null;
        _recognizer = new TextRecognizer(recognizer, decoder, maxWidth: maxLineWidth);
        _largest = new TextBox[64];
        MaxLines = maxLines;
    }

    /// <inheritdoc />
    public string Name => "ppocr";

    /// <summary>Longest side of the detector input.</summary>
    public int LimitSide => _detector.LimitSide;

    /// <summary>At most this many lines are recognized per frame (largest first).</summary>
    public int MaxLines { get; }

    /// <summary>Views the probe found no text in (the full pass was skipped).</summary>
    public long SkippedByProbe { get; private set; }

    /// <summary>Full detector passes run.</summary>
    public long FullPasses { get; private set; }

    /// <summary>Lines recognized with less confidence are dropped.</summary>
    public float MinConfidence { get; init; } = 0.6f;

    /// <inheritdoc />
    public IReadOnlyList<TextLine> Read(ImageView image)
    {
        var rgb = PackedRgb(image);
        var (w, h) = (image.Width, image.Height);
        if (_probe is not null && _probe.Detect(rgb, w, h).IsEmpty)
        {
            SkippedByProbe++;
            return [];
        }
        FullPasses++;
        var found = _detector.Detect(rgb, w, h);
        var boxes = _largest.AsSpan(0, found.Length);
        found.CopyTo(boxes);
        boxes.Sort((a, b) => (b.Width * b.Height).CompareTo(a.Width * a.Height));
        var lines = new List<TextLine>();
        foreach (var box in boxes[..Math.Min(boxes.Length, MaxLines)])
        {
            var (raw, confidence) = _recognizer.Recognize(rgb, w, h, box);
            var text = raw.Trim();
            if (text.Length > 0 && confidence >= MinConfidence)
            {
                lines.Add(new TextLine(text, confidence, new Box(box.X / (float)w, box.Y / (float)h, box.Width / (float)w, box.Height / (float)h)));
            }
        }
        return lines;
    }

    /// <inheritdoc />
    public TextPage ReadPage(ImageView image) => _page.Read(PackedRgb(image), image.Width, image.Height);

    /// <summary>The detector's tile side for <see cref="ReadPage"/>.</summary>
    public int PageTileSide => _page.TileSide;

    /// <summary>The OCR encoders take packed RGB; BGR or padded rows are repacked into a reused buffer.</summary>
    private ReadOnlySpan<byte> PackedRgb(ImageView image)
    {
        if (image.Format == PixelFormat.Rgb24 && image.Stride == image.Width * 3)
        {
            return image.Pixels[..(image.Width * image.Height * 3)];
        }
        if (image.Format is not (PixelFormat.Rgb24 or PixelFormat.Bgr24))
        {
            throw new ArgumentException($"the text reader takes Rgb24 or Bgr24 frames, not {image.Format}", nameof(image));
        }
        var size = image.Width * image.Height * 3;
        if (_rgb.Length < size)
        {
            _rgb = new byte[size];
        }
        var swap = image.Format == PixelFormat.Bgr24;
        for (var y = 0; y < image.Height; y++)
        {
            var src = image.Pixels.Slice(y * image.Stride, image.Width * 3);
            var dst = _rgb.AsSpan(y * image.Width * 3, image.Width * 3);
            for (var x = 0; x < dst.Length; x += 3)
            {
                dst[x] = src[x + (swap ? 2 : 0)];
                dst[x + 1] = src[x + 1];
                dst[x + 2] = src[x + (swap ? 0 : 2)];
            }
        }
        return _rgb.AsSpan(0, size);
    }

    /// <inheritdoc />
    public void Interrupt()
    {
        _detector.Runner.Terminate();
        _recognizer.Runner.Terminate();
        _page.Interrupt();
    }

    public void Dispose()
    {
        _detector.Dispose();
        _probe?.Dispose();
        _recognizer.Dispose();
        _page.Dispose();
    }
}
