using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Models;

/// <summary>Greedy non-maximum suppression in place over a span sorted by descending score; per label.</summary>
internal static class Nms
{
    /// <summary>Keeps the best of overlapping same-label boxes (IoU above <paramref name="iou"/>); returns the kept count (compacted to the front).</summary>
    public static int Apply(Span<Detection> sorted, float iou)
    {
        var kept = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var candidate = sorted[i];
            var suppressed = false;
            for (var k = 0; k < kept; k++)
            {
                if (sorted[k].Label == candidate.Label && sorted[k].Box.IoU(candidate.Box) > iou)
                {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed)
            {
                sorted[kept++] = candidate;
            }
        }
        return kept;
    }

    /// <summary>Insertion sort by descending score (small N, no allocation, stable).</summary>
    public static void SortByScore(Span<Detection> detections)
    {
        for (var i = 1; i < detections.Length; i++)
        {
            var d = detections[i];
            var j = i - 1;
            while (j >= 0 && detections[j].Score < d.Score)
            {
                detections[j + 1] = detections[j];
                j--;
            }
            detections[j + 1] = d;
        }
    }

    /// <summary>A box from pixel corners in a tensor of the given size, clamped to the frame and normalized.</summary>
    public static Box Normalized(float x1, float y1, float x2, float y2, float width, float height)
    {
        var l = Math.Clamp(x1 / width, 0, 1);
        var t = Math.Clamp(y1 / height, 0, 1);
        var r = Math.Clamp(x2 / width, 0, 1);
        var b = Math.Clamp(y2 / height, 0, 1);
        return new Box(l, t, Math.Max(0, r - l), Math.Max(0, b - t));
    }
}
