using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Tier 2 object detector: CenterNet (COCO 80) from models-quantized/centernet.onnx, decoded as docs/models.md says:
/// the frame is stretched to 512×512 RGB 0–255 NHWC, the model's own <c>detections</c> output (top 100 peaks, sorted)
/// is thresholded, normalized to the frame and passed through per-class NMS at IoU 0.5.
/// </summary>
public sealed class CenterNetDetector : IObjectDetector, IDisposable
{
    private const int Size = 512;
    private readonly OrtRunner _runner;
    private readonly int _input, _detections;
    private readonly TensorImage _image = new(Size, Size, 1f, 0f);
    private readonly Detection[] _scratch = new Detection[100];

    public CenterNetDetector(OrtModel model, float threshold = 0.3f)
    {
        _runner = model.CreateRunner();
        _input = _runner.InputIndex("images");
        _detections = _runner.OutputIndex("detections");
        Threshold = threshold;
    }

    /// <inheritdoc />
    public string Name => "centernet";

    /// <summary>Minimum score kept.</summary>
    public float Threshold { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => CocoLabels.Names;

    /// <inheritdoc />
    public int Detect(ImageView image, Span<Detection> objects)
    {
        _image.Write(image, _runner.Input<float>(_input));
        _runner.Run();
        var rows = _runner.Output<float>(_detections);
        var n = 0;
        for (var i = 0; i + 6 <= rows.Length && n < _scratch.Length; i += 6)
        {
            var score = rows[i + 4];
            if (score < Threshold)
            {
                break; // rows are sorted by score
            }
            var label = (int)rows[i + 5];
            if ((uint)label >= (uint)CocoLabels.Names.Count)
            {
                continue;
            }
            var box = Nms.Normalized(rows[i], rows[i + 1], rows[i + 2], rows[i + 3], Size, Size);
            if (box.Area > 0)
            {
                _scratch[n++] = new Detection(label, score, box);
            }
        }
        var kept = Nms.Apply(_scratch.AsSpan(0, n), 0.5f);
        kept = Math.Min(kept, objects.Length);
        _scratch.AsSpan(0, kept).CopyTo(objects);
        return kept;
    }

    /// <inheritdoc />
    public void Interrupt() => _runner.Terminate();

    public void Dispose() => _runner.Dispose();
}
