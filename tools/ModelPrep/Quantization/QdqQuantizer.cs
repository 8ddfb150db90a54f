using EdgeRuntime.ModelPrep.Graph;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Quantization;

/// <summary>A calibrated float range of one tensor.</summary>
internal readonly record struct TensorRange(float Min, float Max);

/// <summary>What quantization did, for the report.</summary>
internal sealed record QuantizeSummary(IReadOnlyDictionary<string, int> QuantizedByOp, int FusedActivations, int QdqTensors, IReadOnlyList<string> Skipped);

/// <summary>
/// Static QDQ quantization. Every float tensor entering or leaving a quantized node gets one QuantizeLinear →
/// DequantizeLinear pair (calibrated asymmetric int8, or uint8); Conv weights become int8 symmetric per output channel,
/// biases int32 at scale input × weight, MatMul weights int8 symmetric per tensor. ONNX Runtime recognises
/// DQ → op → Q and runs the integer kernel (QLinearConv, QLinearAdd...). A ReLU or Clip(0, x) directly after a
/// quantized Conv/Add/MatMul is folded into that node's output quantization: its calibrated range starts at 0, so the
/// QuantizeLinear saturation is the activation.
/// </summary>
internal static class QdqQuantizer
{
    private static readonly IReadOnlySet<string> FusableProducers = new HashSet<string>(StringComparer.Ordinal) { "Conv", "Add", "MatMul" };

    /// <summary>The tensors the quantizer needs ranges for (a superset: non-float ones are dropped by calibration).</summary>
    public static IReadOnlyList<string> CalibrationTensors(ModelProto model, QuantizeOptions options)
    {
        var index = new GraphIndex(model.Graph);
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string t)
        {
            if (t.Length > 0 && !index.IsInitializer(t) && seen.Add(t)) result.Add(t);
        }
        foreach (var node in model.Graph.Node.Where(n => IsCandidate(n, index, options)))
        {
            foreach (var i in node.Input) Add(i);
            foreach (var o in node.Output) Add(o);
            if (FusedActivation(node, index) is { } act) Add(act.Output[0]);
        }
        return result;
    }

    public static ModelProto Quantize(ModelProto floatModel, IReadOnlyDictionary<string, TensorRange> ranges, QuantizeOptions options, out QuantizeSummary summary)
    {
        var model = floatModel.Clone();
        var graph = model.Graph;
        var index = new GraphIndex(graph);

        // 1. Decide which nodes are quantized, and which activations fold into them.
        // Protobuf messages compare by value, and fusion edits nodes: track them by reference.
        var quantized = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var fused = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var skipped = new List<string>();
        foreach (var node in graph.Node.Where(n => IsCandidate(n, index, options)))
        {
            var act = FusedActivation(node, index);
            var outputs = act is null ? node.Output.ToList() : [act.Output[0]];
            var activations = node.Input.Where(i => i.Length > 0 && !index.IsInitializer(i)).Concat(outputs).ToList();
            var missing = activations.FirstOrDefault(t => !ranges.ContainsKey(t));
            if (missing is not null)
            {
                skipped.Add($"{node.OpType} '{node.Name}': no float range for '{missing}'");
                continue;
            }
            quantized.Add(node);
            if (act is not null) fused[node] = act;
        }

        // 2. Fold activations: the producer writes the activation's output directly.
        var effectiveRanges = new Dictionary<string, TensorRange>(ranges, StringComparer.Ordinal);
        foreach (var (node, act) in fused)
        {
            node.Output[0] = act.Output[0];
            var r = ranges[act.Output[0]];
            var max = act.OpType == "Clip" && ConstantInput(act, 2, index) is { } clipMax ? Math.Min(r.Max, clipMax) : r.Max;
            effectiveRanges[act.Output[0]] = new TensorRange(0f, max);
            removed.Add(act);
        }
        var nodes = graph.Node.Where(n => !removed.Contains(n)).ToList();

        // 3. One Q/DQ pair per activation tensor touching a quantized node.
        var qdqTensors = new List<string>();
        var qdqSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(quantized.Contains))
        {
            foreach (var t in node.Input.Concat(node.Output).Where(t => t.Length > 0 && !index.IsInitializer(t)))
            {
                if (qdqSet.Add(t)) qdqTensors.Add(t);
            }
        }

        var prologue = new List<NodeProto>();
        var newInitializers = new List<TensorProto>();
        var activationParams = new Dictionary<string, QuantParams>(StringComparer.Ordinal);
        var qType = options.ActivationsUInt8 ? ElementType.UInt8 : ElementType.Int8;
        foreach (var t in qdqTensors)
        {
            var r = effectiveRanges[t];
            activationParams[t] = QuantParams.Activation(r.Min, r.Max, options.ActivationsUInt8);
        }

        // 4. Weights and constant operands: quantized initializers behind a DequantizeLinear.
        var weightCache = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(quantized.Contains))
        {
            switch (node.OpType)
            {
                case "Conv":
                    {
                        var wName = node.Input[1];
                        var w = index.Initializers[wName];
                        var hasBias = node.Input.Count > 2 && node.Input[2].Length > 0;
                        var bias = hasBias ? Tensors.ToFloats(index.Initializers[node.Input[2]]) : null;
                        var inputScale = activationParams[node.Input[0]].Scale;
                        var scales = WeightScales(w, bias, inputScale);
                        var q = QuantizePerChannel(Tensors.ToFloats(w), scales);
                        node.Input[1] = Dequantized(Tensors.Int8(wName + "/q", [.. w.Dims], q), scales, wName + (hasBias ? "@" + node.Name : ""), axis: 0, ElementType.Int8, prologue, newInitializers, weightCache);
                        if (bias is not null) node.Input[2] = QuantizedBias(node.Input[2], bias, inputScale, scales, prologue, newInitializers);
                        break;
                    }
                case "MatMul":
                    if (index.IsInitializer(node.Input[1]))
                    {
                        var wName = node.Input[1];
                        var data = Tensors.ToFloats(index.Initializers[wName]);
                        var scale = QuantParams.SymmetricScale(data);
                        var q = Tensors.Int8(wName + "/q", [.. index.Initializers[wName].Dims], data.Select(v => QuantParams.QuantizeSymmetric(v, scale)).ToArray());
                        node.Input[1] = Dequantized(q, [scale], wName, axis: null, ElementType.Int8, prologue, newInitializers, weightCache);
                    }
                    break;
                default:
                    for (var i = 0; i < node.Input.Count; i++)
                    {
                        var name = node.Input[i];
                        if (!index.IsInitializer(name) || (ElementType)index.Initializers[name].DataType != ElementType.Float) continue;
                        var data = Tensors.ToFloats(index.Initializers[name]);
                        var p = QuantParams.Activation(data.Min(), data.Max(), options.ActivationsUInt8);
                        var q = QuantizeConstant(name + "/q", [.. index.Initializers[name].Dims], data, p, options.ActivationsUInt8);
                        node.Input[i] = Dequantized(q, [p.Scale], name, axis: null, qType, prologue, newInitializers, weightCache, p.ZeroPoint);
                    }
                    break;
            }
        }

        // 5. Rewire consumers to the dequantized activations and emit Q/DQ after each producer.
        foreach (var node in nodes)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (qdqSet.Contains(node.Input[i])) node.Input[i] = node.Input[i] + "/dq";
            }
        }
        var qdqNodes = new Dictionary<string, NodeProto[]>(StringComparer.Ordinal);
        foreach (var t in qdqTensors)
        {
            var p = activationParams[t];
            var scale = t + "/scale";
            var zp = t + "/zero_point";
            newInitializers.Add(Tensors.Float(scale, [], [p.Scale]));
            newInitializers.Add(options.ActivationsUInt8 ? Tensors.UInt8(zp, [], [(byte)p.ZeroPoint]) : Tensors.Int8(zp, [], [(sbyte)p.ZeroPoint]));
            qdqNodes[t] =
            [
                Nodes.Make("QuantizeLinear", t + "/quantize", [t, scale, zp], [t + "/q"]),
                Nodes.Make("DequantizeLinear", t + "/dequantize", [t + "/q", scale, zp], [t + "/dq"]),
            ];
        }
        var ordered = new List<NodeProto>(prologue);
        foreach (var input in graph.Input.Select(i => i.Name).Where(qdqNodes.ContainsKey)) ordered.AddRange(qdqNodes[input]);
        foreach (var node in nodes)
        {
            ordered.Add(node);
            foreach (var o in node.Output.Where(qdqNodes.ContainsKey)) ordered.AddRange(qdqNodes[o]);
        }
        graph.Node.Clear();
        graph.Node.AddRange(ordered);

        // 6. Drop float initializers nobody reads any more; add the quantized ones.
        var used = new HashSet<string>(ordered.SelectMany(n => n.Input), StringComparer.Ordinal);
        var kept = graph.Initializer.Where(i => used.Contains(i.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept.Concat(newInitializers.Where(i => used.Contains(i.Name))));
        graph.ValueInfo.Clear();

        summary = new QuantizeSummary(
            quantized.GroupBy(n => n.OpType).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            fused.Count, qdqTensors.Count, skipped);
        return model;
    }

    public static bool IsCandidate(NodeProto node, GraphIndex index, QuantizeOptions options)
    {
        if (!options.OpTypes.Contains(node.OpType) || options.ExcludeOpTypes.Contains(node.OpType) || options.ExcludesNode(node.Name)) return false;
        if (options.FloatFrom is { } from && index.Position(node) >= index.Position(from)) return false;
        if (options.ExcludeOpTypes.Contains(QuantizeOptions.DepthwiseConv) && node.OpType == "Conv" && Nodes.GetInt(node, "group", 1) > 1) return false;
        bool FloatInit(string t) => index.Initializers.TryGetValue(t, out var i) && (ElementType)i.DataType == ElementType.Float;
        return node.OpType switch
        {
            "Conv" => node.Input.Count >= 2 && FloatInit(node.Input[1]) && (node.Input.Count < 3 || node.Input[2].Length == 0 || FloatInit(node.Input[2])) && !index.IsInitializer(node.Input[0]),
            "MatMul" => !index.IsInitializer(node.Input[0]),
            _ => node.Input.All(i => !index.IsInitializer(i) || FloatInit(i)) && node.Input.Any(i => !index.IsInitializer(i)),
        };
    }

    /// <summary>The ReLU or Clip(0, x) that alone consumes this node's output, when it can be folded.</summary>
    private static NodeProto? FusedActivation(NodeProto node, GraphIndex index)
    {
        if (!FusableProducers.Contains(node.OpType) || node.Output.Count != 1 || index.GraphOutputs.Contains(node.Output[0])) return null;
        var consumers = index.ConsumersOf(node.Output[0]);
        if (consumers.Count != 1) return null;
        var act = consumers[0];
        return act.OpType switch
        {
            "Relu" => act,
            "Clip" when ConstantInput(act, 1, index) == 0f && ConstantInput(act, 2, index) is > 0f => act,
            _ => null,
        };
    }

    private static float? ConstantInput(NodeProto node, int input, GraphIndex index) =>
        node.Input.Count > input && index.Initializers.TryGetValue(node.Input[input], out var t) && Tensors.Count(t) == 1 ? Tensors.ToFloats(t)[0] : null;

    /// <summary>
    /// Per-output-channel symmetric scales, raised where needed so the int32 bias (at scale input × weight) cannot
    /// overflow: batch-norm folding leaves channels with near-zero weights and a sizeable bias.
    /// </summary>
    private static float[] WeightScales(TensorProto w, float[]? bias, float inputScale)
    {
        var data = Tensors.ToFloats(w);
        var channels = (int)w.Dims[0];
        var per = data.Length / channels;
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            scales[c] = QuantParams.SymmetricScale(data.AsSpan(c * per, per));
            if (bias is not null) scales[c] = Math.Max(scales[c], Math.Abs(bias[c]) / (inputScale * (1 << 30)));
        }
        return scales;
    }

    private static sbyte[] QuantizePerChannel(float[] data, float[] scales)
    {
        var per = data.Length / scales.Length;
        var q = new sbyte[data.Length];
        for (var i = 0; i < data.Length; i++) q[i] = QuantParams.QuantizeSymmetric(data[i], scales[i / per]);
        return q;
    }

    private static string Dequantized(TensorProto q, float[] scales, string original, int? axis, ElementType zpType, List<NodeProto> prologue,
        List<TensorProto> inits, Dictionary<string, string> cache, int zeroPoint = 0)
    {
        if (cache.TryGetValue(original, out var existing)) return existing;
        var output = original + "/dq";
        long[] scaleDims = axis is null ? [] : [scales.Length];
        inits.Add(q);
        inits.Add(Tensors.Float(original + "/scale", scaleDims, scales));
        var zps = Enumerable.Repeat(zeroPoint, scales.Length).ToArray();
        inits.Add(zpType switch
        {
            ElementType.UInt8 => Tensors.UInt8(original + "/zero_point", scaleDims, zps.Select(z => (byte)z).ToArray()),
            _ => Tensors.Int8(original + "/zero_point", scaleDims, zps.Select(z => (sbyte)z).ToArray()),
        });
        var attrs = axis is { } a ? new[] { Nodes.Int("axis", a) } : [];
        prologue.Add(Nodes.Make("DequantizeLinear", original + "/dequantize", [q.Name, original + "/scale", original + "/zero_point"], [output], attrs));
        cache[original] = output;
        return output;
    }

    private static string QuantizedBias(string name, float[] b, float inputScale, float[] weightScales, List<NodeProto> prologue, List<TensorProto> inits)
    {
        var scales = weightScales.Select(s => inputScale * s).ToArray();
        var q = b.Select((v, c) => (int)Math.Clamp(Math.Round(v / scales[c], MidpointRounding.ToEven), int.MinValue, int.MaxValue)).ToArray();
        var qName = name + "/q";
        inits.Add(Tensors.Int32(qName, [b.Length], q));
        inits.Add(Tensors.Float(name + "/scale", [b.Length], scales));
        inits.Add(Tensors.Int32(name + "/zero_point", [b.Length], new int[b.Length]));
        prologue.Add(Nodes.Make("DequantizeLinear", name + "/dequantize", [qName, name + "/scale", name + "/zero_point"], [name + "/dq"], Nodes.Int("axis", 0)));
        return name + "/dq";
    }

    private static TensorProto QuantizeConstant(string name, long[] dims, float[] data, QuantParams p, bool uint8)
    {
        int qmin = uint8 ? 0 : -128, qmax = uint8 ? 255 : 127;
        var q = data.Select(v => Math.Clamp((int)MathF.Round(v / p.Scale, MidpointRounding.ToEven) + p.ZeroPoint, qmin, qmax)).ToArray();
        return uint8 ? Tensors.UInt8(name, dims, q.Select(v => (byte)v).ToArray()) : Tensors.Int8(name, dims, q.Select(v => (sbyte)v).ToArray());
    }
}
