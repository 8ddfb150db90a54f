using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Quantization;

/// <summary>
/// Collects float ranges of chosen tensors over calibration samples by running a copy of the model that exposes them as
/// outputs. MinMax takes the observed extremes; Percentile makes a second pass with a 4096-bin histogram per tensor over
/// the observed range and clips the tails beyond the given percentile (a post-ReLU tensor keeps 0 as its floor).
/// </summary>
internal static class Calibrator
{
    private const int Bins = 4096;

    public static Dictionary<string, TensorRange> Collect(IInference inference, ModelProto model, IReadOnlyList<string> tensors,
        IReadOnlyList<IReadOnlyList<NamedTensor>> samples, string method, double percentile, string scratch, Action<string, double>? progress = null)
    {
        var augmented = model.Clone();
        var existing = augmented.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        // Untyped outputs: ONNX Runtime infers their types; non-float ones are dropped below.
        foreach (var t in tensors.Where(t => !existing.Contains(t))) augmented.Graph.Output.Add(new ValueInfoProto { Name = t });
        var path = Path.Combine(scratch, "calibration.onnx");
        OnnxFile.Save(augmented, path);

        var min = new Dictionary<string, float>(StringComparer.Ordinal);
        var max = new Dictionary<string, float>(StringComparer.Ordinal);
        for (var s = 0; s < samples.Count; s++)
        {
            foreach (var o in inference.Run(path, 2, samples[s], tensors).Outputs.Where(o => o.Type == "float32" && o.Data.Length > 0))
            {
                var (lo, hi) = (o.Data.Min(), o.Data.Max());
                min[o.Name] = min.TryGetValue(o.Name, out var m) ? Math.Min(m, lo) : lo;
                max[o.Name] = max.TryGetValue(o.Name, out var x) ? Math.Max(x, hi) : hi;
            }
            progress?.Invoke("calibration pass 1 (min/max)", (s + 1.0) / samples.Count);
        }
        var ranges = min.Keys.ToDictionary(k => k, k => new TensorRange(min[k], max[k]), StringComparer.Ordinal);
        if (method == "minmax") return ranges;
        if (method != "percentile") throw new NotSupportedException($"calibration method '{method}' (use minmax or percentile)");

        var histograms = ranges.Keys.ToDictionary(k => k, _ => new long[Bins], StringComparer.Ordinal);
        for (var s = 0; s < samples.Count; s++)
        {
            foreach (var o in inference.Run(path, 2, samples[s], [.. ranges.Keys]).Outputs)
            {
                var r = ranges[o.Name];
                var h = histograms[o.Name];
                var width = (r.Max - r.Min) / Bins;
                if (width <= 0) continue;
                foreach (var v in o.Data) h[Math.Clamp((int)((v - r.Min) / width), 0, Bins - 1)]++;
            }
            progress?.Invoke("calibration pass 2 (histograms)", (s + 1.0) / samples.Count);
        }
        var clipped = new Dictionary<string, TensorRange>(StringComparer.Ordinal);
        foreach (var (name, r) in ranges)
        {
            var h = histograms[name];
            var total = h.Sum();
            var width = (r.Max - r.Min) / Bins;
            if (total == 0 || width <= 0)
            {
                clipped[name] = r;
                continue;
            }
            var tail = total * (1 - percentile / 100.0);
            int lowBin = 0, highBin = Bins - 1;
            for (long acc = 0; lowBin < Bins - 1 && acc + h[lowBin] <= tail; lowBin++) acc += h[lowBin];
            for (long acc = 0; highBin > 0 && acc + h[highBin] <= tail; highBin--) acc += h[highBin];
            var lo = r.Min >= 0 ? r.Min : r.Min + lowBin * width;
            var hi = r.Min + (highBin + 1) * width;
            clipped[name] = new TensorRange(lo, Math.Min(hi, r.Max));
        }
        return clipped;
    }
}
