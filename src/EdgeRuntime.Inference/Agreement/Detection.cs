namespace EdgeRuntime.Inference.Agreement;

/// <summary>A decoded box in input pixels (x1, y1, x2, y2), with its class and score: what the detector agreement metric compares.</summary>
/// <param name="Label">Class index.</param>
/// <param name="Score">Confidence 0..1.</param>
/// <param name="X1">Left.</param>
/// <param name="Y1">Top.</param>
/// <param name="X2">Right.</param>
/// <param name="Y2">Bottom.</param>
public readonly record struct Detection(int Label, float Score, float X1, float Y1, float X2, float Y2)
{
    /// <summary>Box area (0 for an empty box).</summary>
    public float Area => Math.Max(0, X2 - X1) * Math.Max(0, Y2 - Y1);

    /// <summary>Intersection over union with <paramref name="other"/>.</summary>
    public float IoU(Detection other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0) return 0;
        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }

    /// <inheritdoc />
    public override string ToString() => $"label {Label} score {Score:F3} box ({X1:F1},{Y1:F1})-({X2:F1},{Y2:F1})";
}

/// <summary>Matching of detection sets: float reference vs converted or quantized model.</summary>
public static class DetectionMatch
{
    /// <summary>How many reference detections have a same-label candidate with IoU ≥ <paramref name="minIoU"/> (greedy, one-to-one).</summary>
    public static int Matched(IReadOnlyList<Detection> reference, IReadOnlyList<Detection> candidate, float minIoU)
    {
        var used = new bool[candidate.Count];
        var matched = 0;
        foreach (var r in reference.OrderByDescending(d => d.Score))
        {
            var best = -1;
            var bestIoU = minIoU;
            for (var i = 0; i < candidate.Count; i++)
            {
                if (used[i] || candidate[i].Label != r.Label) continue;
                var iou = r.IoU(candidate[i]);
                if (iou >= bestIoU)
                {
                    bestIoU = iou;
                    best = i;
                }
            }
            if (best >= 0)
            {
                used[best] = true;
                matched++;
            }
        }
        return matched;
    }

    /// <summary>Greedy non-maximum suppression per label.</summary>
    public static List<Detection> Nms(IEnumerable<Detection> detections, float iouThreshold)
    {
        var kept = new List<Detection>();
        foreach (var d in detections.OrderByDescending(d => d.Score).ThenBy(d => d.X1).ThenBy(d => d.Y1))
        {
            if (kept.All(k => k.Label != d.Label || k.IoU(d) < iouThreshold)) kept.Add(d);
        }
        return kept;
    }
}
