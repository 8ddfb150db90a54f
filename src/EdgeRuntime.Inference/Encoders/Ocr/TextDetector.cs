using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Inference.Encoders.Ocr;

/// <summary>
/// Text detection with a PaddleOCR DB model (PP-OCRv4 det): RGB24 image → normalized CHW tensor → probability map →
/// text boxes in image pixels, in reading order.
/// <code>
/// using var detector = new TextDetector(runtime.Load(".deps/models/ppocr/det.onnx"));
/// foreach (var box in detector.Detect(rgb, width, height)) { ... }
/// </code>
/// </summary>
// Design: single-threaded (owns a runner, a post-processor and the box buffer): one per worker. The returned span is the
// encoder's own buffer, valid until the next Detect.
public sealed class TextDetector : IDisposable
{
    private readonly OrtRunner _runner;
    private readonly DbPostprocessor _post;
    private readonly TextBox[] _boxes;

    /// <summary>Creates the detector; <paramref name="maxBoxes"/> caps the boxes per image.</summary>
    public TextDetector(OrtModel model, DbPostprocessor? postprocessor = null, int limitSide = 960, int maxBoxes = 256)
    {
        _runner = model.CreateRunner();
        _post = postprocessor ?? new DbPostprocessor();
        _boxes = new TextBox[maxBoxes];
        LimitSide = limitSide;
    }

    /// <summary>The longest tensor side; larger images are scaled down (then rounded to multiples of 32).</summary>
    public int LimitSide { get; }

    /// <summary>The runner underneath.</summary>
    public OrtRunner Runner => _runner;

    /// <summary>Detects text at the size <see cref="OcrImage.DetectorSize"/> picks for the image.</summary>
    public ReadOnlySpan<TextBox> Detect(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var (tw, th) = OcrImage.DetectorSize(width, height, LimitSide);
        return Detect(rgb, width, height, tw, th);
    }

    /// <summary>Detects text with an explicit tensor size (multiples of 32). Allocation-free after the first call at a size.</summary>
    public ReadOnlySpan<TextBox> Detect(ReadOnlySpan<byte> rgb, int width, int height, int tensorWidth, int tensorHeight)
    {
        _runner.SetInputShape(0, [1, 3, tensorHeight, tensorWidth]);
        OcrImage.ResizeToChw(rgb, width, height, 0, 0, width, height, _runner.Input<float>(0), tensorWidth, tensorHeight, tensorWidth,
            ChannelNormalization.PaddleDetector);
        _runner.Run();
        var shape = _runner.OutputShape(0);
        var n = _post.Process(_runner.Output<float>(0), (int)shape[^1], (int)shape[^2], width, height, _boxes);
        return _boxes.AsSpan(0, n);
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();
}
