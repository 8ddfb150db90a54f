using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>Parameter and FLOP counts of an ONNX model.</summary>
internal static class ModelStats
{
    private static readonly HashSet<int> WeightTypes = [(int)ElementType.Float, (int)ElementType.Float16, (int)ElementType.Int8, (int)ElementType.UInt8, (int)ElementType.Int32];

    /// <summary>Elements of weight initializers (float or quantized, subgraphs included); quantization scales and zero points are not counted.</summary>
    public static long Parameters(ModelProto model) => Parameters(model.Graph);

    private static long Parameters(GraphProto graph) =>
        graph.Initializer.Concat(ConstantNodes(graph).Select(c => c.Value))
            .Where(i => WeightTypes.Contains(i.DataType) && !i.Name.EndsWith("/scale", StringComparison.Ordinal) && !i.Name.EndsWith("/zero_point", StringComparison.Ordinal))
            .Sum(Tensors.Count)
        + graph.Node.SelectMany(n => n.Attribute).Where(a => a.G is not null).Sum(a => Parameters(a.G))
        + graph.Node.SelectMany(n => n.Attribute).SelectMany(a => a.Graphs).Sum(Parameters);

    /// <summary>Constant nodes' tensors by output name (paddle2onnx stores weights this way rather than as initializers).</summary>
    private static IEnumerable<(string Name, TensorProto Value)> ConstantNodes(GraphProto graph) =>
        graph.Node.Where(n => n.OpType == "Constant" && n.Attribute.Any(a => a.Name == "value" && a.T is not null))
            .Select(n => (n.Output[0], n.Attribute.First(a => a.Name == "value").T));

    /// <summary>
    /// 2 × multiply-adds of the top-level Conv, MatMul and Gemm nodes for one run on <paramref name="sample"/>; the shapes
    /// come from running a copy of the model that exposes those nodes' inputs and outputs.
    /// </summary>
    public static long Flops(IInference inference, ModelProto model, IReadOnlyList<NamedTensor> sample, string scratch)
    {
        var nodes = model.Graph.Node.Where(n => n.OpType is "Conv" or "MatMul" or "Gemm").ToList();
        // -1: not measured (the layers sit in subgraphs, e.g. silero's If branches).
        if (nodes.Count == 0) return -1;
        var initializers = model.Graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var (name, value) in ConstantNodes(model.Graph)) initializers[name] = value;
        var exposed = model.Clone();
        var names = exposed.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            foreach (var t in new[] { n.Input[0], n.Output[0] }.Where(t => !initializers.ContainsKey(t) && names.Add(t))) exposed.Graph.Output.Add(new ValueInfoProto { Name = t });
        }
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, "flops.onnx");
        OnnxFile.Save(exposed, path);
        // Unoptimized: exposing a tensor that ONNX Runtime would fuse away (LayerNorm) makes the optimized run fail.
        var shapes = inference.Run(path, 1, sample, optimize: false).Outputs.ToDictionary(o => o.Name, o => o.Shape);
        long macs = 0;
        foreach (var n in nodes)
        {
            if (!shapes.TryGetValue(n.Output[0], out var output)) continue;
            var outputCount = output.Aggregate(1L, (a, b) => a * b);
            switch (n.OpType)
            {
                case "Conv":
                    {
                        var w = initializers.TryGetValue(n.Input[1], out var wt) ? wt.Dims.ToArray() : null;
                        if (w is null) continue;
                        macs += outputCount * w.Skip(1).Aggregate(1L, (a, b) => a * b);
                        break;
                    }
                default:
                    {
                        var k = shapes.TryGetValue(n.Input[0], out var a) ? a[^1] : initializers.TryGetValue(n.Input[0], out var ai) ? ai.Dims[^1] : 0;
                        macs += outputCount * k;
                        break;
                    }
            }
        }
        return 2 * macs;
    }
}
