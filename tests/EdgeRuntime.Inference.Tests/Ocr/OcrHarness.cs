using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Inference.Tests.Ocr;

/// <summary>PaddleOCR det + rec wired from the reusable encoders, as a cascade tier would wire them.</summary>
internal sealed class OcrHarness : IDisposable
{
    private readonly OrtRunner _det;
    private readonly OrtRunner _rec;
    private readonly DbPostprocessor _post = new();
    private readonly TextBox[] _boxes = new TextBox[256];
    private readonly char[] _text = new char[256];

    public OcrHarness(OrtModel detector, OrtModel recognizer, CtcGreedyDecoder decoder)
    {
        _det = detector.CreateRunner();
        _rec = recognizer.CreateRunner();
        Decoder = decoder;
    }

    public CtcGreedyDecoder Decoder { get; }

    public OrtRunner Detector => _det;

    public OrtRunner RecognizerRunner => _rec;

    /// <summary>Runs the detector on the whole image at a given tensor size; returns the boxes in image pixels.</summary>
    public ReadOnlySpan<TextBox> Detect(ReadOnlySpan<byte> rgb, int width, int height, int tensorWidth, int tensorHeight)
    {
        _det.SetInputShape(0, [1, 3, tensorHeight, tensorWidth]);
        OcrImage.ResizeToChw(rgb, width, height, 0, 0, width, height, _det.Input<float>(0), tensorWidth, tensorHeight, tensorWidth,
            ChannelNormalization.PaddleDetector);
        _det.Run();
        var shape = _det.OutputShape(0);
        var n = _post.Process(_det.Output<float>(0), (int)shape[3], (int)shape[2], width, height, _boxes);
        return _boxes.AsSpan(0, n);
    }

    /// <summary>Recognizes the text in one region.</summary>
    public (string Text, float Confidence) Recognize(ReadOnlySpan<byte> rgb, int width, int height, TextBox region)
    {
        var w = OcrImage.RecognizerWidth(region.Width, region.Height);
        _rec.SetInputShape(0, [1, 3, 48, w]);
        OcrImage.ResizeToChw(rgb, width, height, region.X, region.Y, region.Width, region.Height, _rec.Input<float>(0), w, 48, w,
            ChannelNormalization.PaddleRecognizer);
        _rec.Run();
        var shape = _rec.OutputShape(0);
        var n = Decoder.Decode(_rec.Output<float>(0), (int)shape[1], _text, out var confidence);
        return (new string(_text, 0, n), confidence);
    }

    public void Dispose()
    {
        _det.Dispose();
        _rec.Dispose();
    }
}
