using EdgeRuntime.Inference.Models;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Encoders.Ocr;

/// <summary>
/// Text recognition with a PaddleOCR CTC model (PP-OCRv4 rec): a text region → 48-pixel-high normalized tensor (width
/// follows the region's aspect, rounded to 8) → per-step class probabilities → text by greedy CTC decoding.
/// <code>
/// using var recognizer = new TextRecognizer(runtime.Load(".deps/models/ppocr/rec.onnx"),
///     CtcGreedyDecoder.FromDictionaryFile(".deps/models/ppocr/ppocr_keys_v1.txt"));
/// var (text, confidence) = recognizer.Recognize(rgb, width, height, box);
/// </code>
/// </summary>
// Design: single-threaded (owns a runner): one per worker. The decoder is immutable and may be shared.
public sealed class TextRecognizer : IDisposable
{
    /// <summary>The tensor height PP-OCR recognizers are trained at.</summary>
    public const int Height = 48;

    private readonly OrtRunner _runner;
    private readonly char[] _text = new char[512];

    /// <summary>Creates the recognizer; throws naming the model when its class count differs from the dictionary's.</summary>
    public TextRecognizer(OrtModel model, CtcGreedyDecoder decoder, int maxWidth = 1280)
    {
        var output = model.Contract.Outputs[0];
        if (output.Rank != 3 || (output.Dimensions[2] >= 0 && output.Dimensions[2] != decoder.ClassCount))
        {
            throw new OrtModelException(OrtErrorCode.InvalidGraph, model.Name, output.Name,
                $"[batch, steps, {decoder.ClassCount}] to match the dictionary", output.DescribeShape());
        }
        Decoder = decoder;
        MaxWidth = maxWidth;
        _runner = model.CreateRunner();
    }

    /// <summary>The CTC decoder (dictionary).</summary>
    public CtcGreedyDecoder Decoder { get; }

    /// <summary>The widest tensor a region is resized to; wider regions are squeezed.</summary>
    public int MaxWidth { get; }

    /// <summary>The runner underneath.</summary>
    public OrtRunner Runner => _runner;

    /// <summary>Recognizes a region into <paramref name="text"/>; returns the chars written. Allocation-free after the first call at a width.</summary>
    public int Recognize(ReadOnlySpan<byte> rgb, int width, int height, TextBox region, Span<char> text, out float confidence)
    {
        var w = OcrImage.RecognizerWidth(region.Width, region.Height, Height, maxWidth: MaxWidth);
        _runner.SetInputShape(0, [1, 3, Height, w]);
        OcrImage.ResizeToChw(rgb, width, height, region.X, region.Y, region.Width, region.Height, _runner.Input<float>(0), w, Height, w,
            ChannelNormalization.PaddleRecognizer);
        _runner.Run();
        return Decoder.Decode(_runner.Output<float>(0), (int)_runner.OutputShape(0)[1], text, out confidence);
    }

    /// <summary>Recognizes a region; the returned string is the one allocation.</summary>
    public (string Text, float Confidence) Recognize(ReadOnlySpan<byte> rgb, int width, int height, TextBox region)
    {
        var n = Recognize(rgb, width, height, region, _text, out var confidence);
        return (new string(_text, 0, n), confidence);
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();
}
