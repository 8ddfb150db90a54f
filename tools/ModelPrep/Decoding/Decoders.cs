using EdgeRuntime.Inference.Agreement;
namespace EdgeRuntime.ModelPrep.Decoding;

/// <summary>Post-processing of the converted detectors, as documented in docs/models.md.</summary>
internal static class Decoders
{
    /// <summary>
    /// CenterNet: output "detections" [1,100,6] rows of (x1, y1, x2, y2, score, class) in 512x512 input pixels, sorted
    /// by score (the model's own TopK over 3x3-max-pooled heatmap peaks). Rows below the threshold are dropped, then NMS
    /// at IoU 0.5 per class, as the TF.js reference pipeline does.
    /// </summary>
    public static List<Detection> CenterNet(ReadOnlySpan<float> detections, float threshold)
    {
        var result = new List<Detection>();
        for (var i = 0; i + 6 <= detections.Length; i += 6)
        {
            var score = detections[i + 4];
            if (score < threshold) continue;
            result.Add(new Detection((int)detections[i + 5], score, detections[i], detections[i + 1], detections[i + 2], detections[i + 3]));
        }
        return DetectionMatch.Nms(result, 0.5f);
    }

    /// <summary>
    /// BlazeFace (256x256 "back" model): 896 anchors, first 512 on a 16x16 grid (stride 16, 2 per cell), then 384 on an 8x8
    /// grid (stride 32, 6 per cell), anchor centre = stride * (cell + 0.5) in input pixels. Per anchor: score = sigmoid(logit);
    /// box regressor r[16]: centre = anchor + (r0, r1), size = (r2, r3) in input pixels; r4..r15 are six (x, y) keypoints
    /// relative to the anchor. NMS at IoU 0.3.
    /// </summary>
    public static List<Detection> BlazeFace(ReadOnlySpan<float> scores16, ReadOnlySpan<float> boxes16, ReadOnlySpan<float> scores8, ReadOnlySpan<float> boxes8, float threshold)
    {
        var result = new List<Detection>();
        Grid(scores16, boxes16, 16, 16, 2, threshold, result);
        Grid(scores8, boxes8, 8, 32, 6, threshold, result);
        return DetectionMatch.Nms(result, 0.3f);
    }

    private static void Grid(ReadOnlySpan<float> logits, ReadOnlySpan<float> boxes, int cells, int stride, int perCell, float threshold, List<Detection> result)
    {
        var n = 0;
        for (var gy = 0; gy < cells; gy++)
            for (var gx = 0; gx < cells; gx++)
                for (var a = 0; a < perCell; a++, n++)
                {
                    var score = 1f / (1f + MathF.Exp(-logits[n]));
                    if (score < threshold) continue;
                    var r = boxes.Slice(n * 16, 16);
                    float cx = stride * (gx + 0.5f) + r[0], cy = stride * (gy + 0.5f) + r[1];
                    result.Add(new Detection(0, score, cx - r[2] / 2, cy - r[3] / 2, cx + r[2] / 2, cy + r[3] / 2));
                }
    }
}
