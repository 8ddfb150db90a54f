using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Tier 1 face detector: MediaPipe BlazeFace (256×256 "back" model) from models-quantized/blazeface.onnx, decoded as
/// docs/models.md says: 896 anchors on a 16×16 (stride 16, 2 per cell) and an 8×8 (stride 32, 6 per cell) grid,
/// sigmoid scores, boxes relative to the anchor centre in input pixels, NMS at IoU 0.3.
/// </summary>
public sealed class BlazeFaceDetector : IFaceDetector, IDisposable
{
    private const int Size = 256;
    private readonly OrtRunner _runner;
    private readonly int _input, _scores16, _boxes16, _scores8, _boxes8;
    private readonly TensorImage _image = new(Size, Size, 1f / 127.5f, -1f);
    private readonly Detection[] _scratch = new Detection[64];

    public BlazeFaceDetector(OrtModel model, float threshold = 0.75f)
    {
        _runner = model.CreateRunner();
        _input = _runner.InputIndex("input");
        _scores16 = _runner.OutputIndex("scores16");
        _boxes16 = _runner.OutputIndex("boxes16");
        _scores8 = _runner.OutputIndex("scores8");
        _boxes8 = _runner.OutputIndex("boxes8");
        Threshold = threshold;
    }

    /// <inheritdoc />
    public string Name => "blazeface";

    /// <summary>Minimum face score kept.</summary>
    public float Threshold { get; }

    /// <inheritdoc />
    public int Detect(ImageView image, Span<Detection> faces)
    {
        _image.Write(image, _runner.Input<float>(_input));
        _runner.Run();
        var n = Decode(_runner.Output<float>(_scores16), _runner.Output<float>(_boxes16), grid: 16, stride: 16, perCell: 2, 0);
        n = Decode(_runner.Output<float>(_scores8), _runner.Output<float>(_boxes8), grid: 8, stride: 32, perCell: 6, n);
        var scratch = _scratch.AsSpan(0, n);
        Nms.SortByScore(scratch);
        var kept = Math.Min(Nms.Apply(scratch, 0.3f), faces.Length);
        scratch[..kept].CopyTo(faces);
        return kept;
    }

    private int Decode(ReadOnlySpan<float> scores, ReadOnlySpan<float> boxes, int grid, int stride, int perCell, int n)
    {
        var anchors = grid * grid * perCell;
        for (var a = 0; a < anchors && a < scores.Length; a++)
        {
            var logit = Math.Clamp(scores[a], -80f, 80f);
            var score = 1f / (1f + MathF.Exp(-logit));
            if (score < Threshold || n >= _scratch.Length)
            {
                continue;
            }
            var cell = a / perCell;
            var ax = stride * (cell % grid + 0.5f);
            var ay = stride * (cell / grid + 0.5f);
            var r = boxes.Slice(a * 16, 16);
            float cx = ax + r[0], cy = ay + r[1], w = r[2], h = r[3];
            var box = Nms.Normalized(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, Size, Size);
            if (box.Area > 0)
            {
                _scratch[n++] = new Detection(0, score, box);
            }
        }
        return n;
    }

    public void Dispose() => _runner.Dispose();
}
