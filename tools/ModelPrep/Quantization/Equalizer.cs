using EdgeRuntime.ModelPrep.Graph;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Quantization;

/// <summary>A depthwise Conv whose output (through at most one ReLU) only a full Conv reads.</summary>
internal sealed record EqualizablePair(NodeProto Depthwise, NodeProto? Relu, NodeProto Next)
{
    /// <summary>The tensor between the two convolutions (the ReLU's output when there is one): its channels are rescaled.</summary>
    public string Between => (Relu ?? Depthwise).Output[0];
}

/// <summary>
/// Cross-layer range equalization of depthwise → (ReLU) → convolution pairs, from calibration statistics. A depthwise
/// output's channels span very different ranges (batch-norm folding leaves some channels 100× wider than others), and one
/// per-tensor activation scale then crushes the narrow channels to a few levels. Scaling depthwise channel c by s_c
/// (weights and bias) and the next convolution's input channel c by 1/s_c leaves the float function unchanged — ReLU
/// commutes with a positive scale — while s_c = sqrt((w_c / W) / (a_c / A)) balances each channel's activation range
/// a_c (of max A) against its weight range w_c in the next convolution (of max W): both end at sqrt(a_c w_c / (A W)) of
/// their maxima, so neither the activation nor the weight quantization starves (Nagel et al. 2019, data-driven).
/// </summary>
internal static class Equalizer
{
    /// <summary>Scales are kept within this factor either way: a dead channel must not blow up its weights.</summary>
    private const float MaxScale = 64f;

    public static IReadOnlyList<EqualizablePair> Pairs(ModelProto model, QuantizeOptions options)
    {
        var index = new GraphIndex(model.Graph);
        var uses = model.Graph.Node.SelectMany(n => n.Input).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        bool OwnWeights(NodeProto conv) => conv.Input.Skip(1).Where(i => i.Length > 0).All(i => index.IsInitializer(i) && uses[i] == 1);
        var pairs = new List<EqualizablePair>();
        foreach (var d in model.Graph.Node.Where(n => n.OpType == "Conv" && n.Input.Count >= 2 && index.IsInitializer(n.Input[1])))
        {
            var w = index.Initializers[d.Input[1]];
            if (w.Dims.Count != 4 || w.Dims[1] != 1 || Nodes.GetInt(d, "group", 1) != w.Dims[0] || !OwnWeights(d)) continue;
            var relu = Single(index, d.Output[0]) is { OpType: "Relu" } r ? r : null;
            var between = (relu ?? d).Output[0];
            if (relu is not null && index.GraphOutputs.Contains(d.Output[0])) continue;
            if (Single(index, between) is not { OpType: "Conv" } next || index.GraphOutputs.Contains(between) || next.Input[0] != between) continue;
            if (Nodes.GetInt(next, "group", 1) != 1 || !index.IsInitializer(next.Input[1]) || !OwnWeights(next) || index.Initializers[next.Input[1]].Dims[1] != w.Dims[0]) continue;
            if (options.ExcludesNode(d.Name) && options.ExcludesNode(next.Name)) continue;
            pairs.Add(new EqualizablePair(d, relu, next));
        }
        return pairs;
    }

    /// <summary>
    /// Rescales every pair in place of a copy of <paramref name="model"/>; <paramref name="channelAbsMax"/> holds the
    /// calibrated max |x| per channel of each pair's <see cref="EqualizablePair.Between"/> tensor (NCHW, channel axis 1).
    /// </summary>
    public static ModelProto Apply(ModelProto model, IReadOnlyList<EqualizablePair> pairs, IReadOnlyDictionary<string, float[]> channelAbsMax, out int equalized)
    {
        var result = model.Clone();
        var initializers = result.Graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        equalized = 0;
        foreach (var pair in pairs)
        {
            if (!channelAbsMax.TryGetValue(pair.Between, out var a)) continue;
            var dw = initializers[pair.Depthwise.Input[1]];
            var nw = initializers[pair.Next.Input[1]];
            var channels = (int)dw.Dims[0];
            if (a.Length != channels) continue;
            var next = Tensors.ToFloats(nw);
            var outputs = (int)nw.Dims[0];
            var per = next.Length / (outputs * channels);
            var w = new float[channels];
            for (var o = 0; o < outputs; o++)
                for (var c = 0; c < channels; c++)
                    for (var k = 0; k < per; k++)
                        w[c] = Math.Max(w[c], Math.Abs(next[(o * channels + c) * per + k]));
            float amax = a.Max(), wmax = w.Max();
            if (amax <= 0 || wmax <= 0) continue;
            var s = new float[channels];
            for (var c = 0; c < channels; c++)
                s[c] = a[c] > 0 && w[c] > 0 ? Math.Clamp(MathF.Sqrt(w[c] / wmax / (a[c] / amax)), 1f / MaxScale, MaxScale) : 1f;

            var depth = Tensors.ToFloats(dw);
            var perChannel = depth.Length / channels;
            for (var i = 0; i < depth.Length; i++) depth[i] *= s[i / perChannel];
            Replace(result.Graph, initializers, dw, depth);
            if (pair.Depthwise.Input.Count > 2 && pair.Depthwise.Input[2].Length > 0)
            {
                var b = initializers[pair.Depthwise.Input[2]];
                var bias = Tensors.ToFloats(b);
                for (var c = 0; c < channels; c++) bias[c] *= s[c];
                Replace(result.Graph, initializers, b, bias);
            }
            for (var i = 0; i < next.Length; i++) next[i] /= s[i / per % channels];
            Replace(result.Graph, initializers, nw, next);
            equalized++;
        }
        return result;
    }

    private static NodeProto? Single(GraphIndex index, string tensor) => index.ConsumersOf(tensor) is [var only] ? only : null;

    private static void Replace(GraphProto graph, Dictionary<string, TensorProto> initializers, TensorProto old, float[] values)
    {
        var updated = Tensors.Float(old.Name, [.. old.Dims], values);
        graph.Initializer[graph.Initializer.IndexOf(old)] = updated;
        initializers[old.Name] = updated;
    }
}
