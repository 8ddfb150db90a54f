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

    /// <summary>Max |x| per channel (NCHW, axis 1) of 4-D float <paramref name="tensors"/> over the samples: the statistics of range equalization.</summary>
    public static Dictionary<string, float[]> ChannelAbsMax(IInference inference, ModelProto model, IReadOnlyList<string> tensors,
        IReadOnlyList<IReadOnlyList<NamedTensor>> samples, string scratch) =>
        PerChannel(inference, model, tensors, samples, Path.Combine(scratch, "channels.onnx"), optimize: true, mean: false);

    /// <summary>
    /// Mean per channel (NCHW, axis 1) of 4-D float <paramref name="tensors"/> over the samples; with
    /// <paramref name="optimize"/> false a QDQ model runs as plain float arithmetic, so its tensors before each
    /// QuantizeLinear stay readable.
    /// </summary>
    public static Dictionary<string, float[]> ChannelMean(IInference inference, ModelProto model, IReadOnlyList<string> tensors,
        IReadOnlyList<IReadOnlyList<NamedTensor>> samples, string path, bool optimize) =>
        PerChannel(inference, model, tensors, samples, path, optimize, mean: true);

    private static Dictionary<string, float[]> PerChannel(IInference inference, ModelProto model, IReadOnlyList<string> tensors,
        IReadOnlyList<IReadOnlyList<NamedTensor>> samples, string path, bool optimize, bool mean)
    {
        Expose(model, tensors, path);
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            foreach (var o in inference.Run(path, 2, sample, tensors, optimize: optimize).Outputs.Where(o => o.Type == "float32" && o.Shape.Length == 4))
            {
                int channels = o.Shape[1], plane = o.Shape[2] * o.Shape[3];
                if (!result.TryGetValue(o.Name, out var acc)) result[o.Name] = acc = new double[channels];
                for (var i = 0; i < o.Data.Length; i++)
                {
                    var c = i / plane % channels;
                    acc[c] = mean ? acc[c] + o.Data[i] / ((double)plane * samples.Count) : Math.Max(acc[c], Math.Abs(o.Data[i]));
                }
            }
        }
        return result.ToDictionary(kv => kv.Key, kv => kv.Value.Select(v => (float)v).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>A copy of the model at <paramref name="path"/> that also outputs <paramref name="tensors"/> (untyped: ONNX Runtime infers their types).</summary>
    internal static string Expose(ModelProto model, IReadOnlyList<string> tensors, string path)
    {
        var augmented = model.Clone();
        var existing = augmented.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tensors.Where(existing.Add)) augmented.Graph.Output.Add(new ValueInfoProto { Name = t });
        OnnxFile.Save(augmented, path);
        return path;
    }

    /// <summary>Suffix of the flattened copies <see cref="ExposeFlat"/> adds.</summary>
    private const string Flat = "/calibration_flat";

    /// <summary>
    /// Exposes each tensor as a flattened copy (Reshape to [-1], output "NAME/calibration_flat"). The runner binds outputs
    /// by their declared shape, and a tensor whose rank ONNX Runtime cannot infer (PP-OCR rec after its dynamic Reshapes)
    /// would be declared a scalar; a rank-1 output of unknown length is always allocated by ONNX Runtime.
    /// </summary>
    internal static string ExposeFlat(ModelProto model, IReadOnlyList<string> tensors, string path)
    {
        var augmented = model.Clone();
        augmented.Graph.Initializer.Add(Tensors.Int64(Flat + "/shape", [1], [-1L]));
        foreach (var t in tensors)
        {
            augmented.Graph.Node.Add(Nodes.Make("Reshape", t + Flat, [t, Flat + "/shape"], [t + Flat]));
            augmented.Graph.Output.Add(Nodes.TensorInfo(t + Flat, ElementType.Float, [-1]));
        }
        OnnxFile.Save(augmented, path);
        return path;
    }

    /// <summary>
    /// Float ranges over <paramref name="samples"/>. With <paramref name="flat"/> the tensors are read through
    /// <see cref="ExposeFlat"/> copies from unoptimized runs (ONNX Runtime's LayerNorm fusion fails when a tensor inside
    /// the fused pattern is exposed); the values are the same.
    /// </summary>
    public static Dictionary<string, TensorRange> Collect(IInference inference, ModelProto model, IReadOnlyList<string> tensors,
        IReadOnlyList<IReadOnlyList<NamedTensor>> samples, string method, double percentile, string scratch, Action<string, double>? progress = null, bool flat = false)
    {
        // Flat copies are declared float: the quantized ops' tensors (Conv, MatMul) are float.
        var floats = tensors;
        // Non-float outputs are dropped below.
        var path = flat ? ExposeFlat(model, floats, Path.Combine(scratch, "calibration.onnx")) : Expose(model, tensors, Path.Combine(scratch, "calibration.onnx"));
        var optimize = !flat;
        IReadOnlyList<NamedTensor> Read(IReadOnlyList<NamedTensor> sample, IEnumerable<string> names) => flat
            ? [.. inference.Run(path, 2, sample, [.. names.Select(n => n + Flat)], optimize: false).Outputs.Select(o => o with { Name = o.Name[..^Flat.Length] })]
            : inference.Run(path, 2, sample, [.. names], optimize: optimize).Outputs;

        var min = new Dictionary<string, float>(StringComparer.Ordinal);
        var max = new Dictionary<string, float>(StringComparer.Ordinal);
        for (var s = 0; s < samples.Count; s++)
        {
            foreach (var o in Read(samples[s], floats).Where(o => o.Type == "float32" && o.Data.Length > 0))
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
            foreach (var o in Read(samples[s], ranges.Keys))
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
