using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Quantization;

/// <summary>
/// Empirical bias correction. Rounding and clipping errors are not zero-mean per channel (a clipped tail, a ReLU6 ceiling,
/// hard-swish's small negative lobe all lose mass on one side), and a mean shift survives every following average: the
/// squeeze-excite means and the detector's heatmap logits drift, and scores near the threshold fall below it. For each
/// quantized Conv, the per-channel mean of its output in the float model minus the same mean in the quantized model (run
/// as plain QDQ arithmetic) over calibration images is added to that Conv's float bias, and the model is quantized again
/// with the same activation ranges (Nagel et al. 2019, empirical variant). A downstream shift includes the upstream
/// ones, so correcting every Conv at once would count them twice: the Convs are corrected in bands along the graph, each
/// band measured after the bands before it were corrected. Where an activation was folded the pre-activation mean is not
/// visible, so the post-activation shift is used (same sign, smaller).
/// </summary>
internal static class BiasCorrection
{
    public static ModelProto Apply(IInference inference, ModelProto floatModel, Func<ModelProto, ModelProto> quantize, IReadOnlyList<IReadOnlyList<NamedTensor>> samples,
        string scratch, int bands, Action<string> log)
    {
        var quantized = quantize(floatModel);
        var convs = quantized.Graph.Node.Where(n => n.OpType == "Conv" && n.Input[1].EndsWith("/dq", StringComparison.Ordinal)).ToList();
        var tensors = convs.Select(c => c.Output[0]).Distinct().ToList();
        var reference = Calibrator.ChannelMean(inference, floatModel, tensors, samples, Path.Combine(scratch, "bias-float.onnx"), optimize: true);
        var model = floatModel.Clone();
        var perBand = Math.Max(1, (convs.Count + bands - 1) / bands);
        for (var band = 0; band * perBand < convs.Count; band++)
        {
            // The dequantized output: a folded ReLU exists only as the QuantizeLinear's saturation, so the Conv's own
            // output tensor is pre-activation there; the DQ output also carries the output rounding being corrected.
            var dequantized = Calibrator.ChannelMean(inference, quantized, [.. tensors.Select(t => t + "/dq")], samples, Path.Combine(scratch, "bias-quantized.onnx"), optimize: false);
            var actual = dequantized.ToDictionary(kv => kv.Key[..^3], kv => kv.Value, StringComparer.Ordinal);
            var shifts = new List<double>();
            foreach (var conv in convs.Skip(band * perBand).Take(perBand))
            {
                if (reference.TryGetValue(conv.Output[0], out var want) && actual.TryGetValue(conv.Output[0], out var got)) Correct(model, conv.Name, want, got, shifts);
            }
            log($"bias correction band {band + 1}: {shifts.Count} channels, mean |shift| {(shifts.Count == 0 ? 0 : shifts.Average()):G3}");
            quantized = quantize(model);
        }
        return model;
    }

    /// <summary>Adds want - got to the bias of the Conv named <paramref name="convName"/> (a new bias when it has none; skipped when the bias is shared).</summary>
    private static void Correct(ModelProto model, string convName, float[] want, float[] got, List<double> shifts)
    {
        var node = model.Graph.Node.FirstOrDefault(n => n.OpType == "Conv" && n.Name == convName);
        if (node is null) return;
        var weights = model.Graph.Initializer.First(i => i.Name == node.Input[1]);
        var channels = (int)weights.Dims[0];
        if (want.Length != channels || got.Length != channels) return;
        var hasBias = node.Input.Count > 2 && node.Input[2].Length > 0;
        if (hasBias && model.Graph.Node.Count(n => n.Input.Contains(node.Input[2])) != 1) return;
        var name = hasBias ? node.Input[2] : node.Name + "/corrected_bias";
        var old = hasBias ? model.Graph.Initializer.First(i => i.Name == name) : null;
        var bias = old is null ? new float[channels] : Tensors.ToFloats(old);
        for (var c = 0; c < channels; c++)
        {
            bias[c] += want[c] - got[c];
            shifts.Add(Math.Abs(want[c] - got[c]));
        }
        var tensor = Tensors.Float(name, [channels], bias);
        if (old is not null)
        {
            model.Graph.Initializer[model.Graph.Initializer.IndexOf(old)] = tensor;
            return;
        }
        model.Graph.Initializer.Add(tensor);
        if (node.Input.Count == 2) node.Input.Add(name);
        else node.Input[2] = name;
    }
}
