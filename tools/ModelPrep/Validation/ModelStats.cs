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

    /// <summary>The op types <see cref="Flops"/> counts.</summary>
    public static readonly IReadOnlySet<string> CountedOps = new HashSet<string>(StringComparer.Ordinal) { "Conv", "ConvTranspose", "MatMul", "Gemm", "LSTM", "GRU", "RNN" };

    /// <summary>
    /// FLOPs of one run on <paramref name="sample"/>, counted as 2 × multiply-accumulates (MACs) of the layers that
    /// carry nearly all the arithmetic: Conv and ConvTranspose (any rank, so Conv1d too; grouped and depthwise counted
    /// by their real per-output fan-in), MatMul, Gemm, and the gate matrix products of LSTM (4 gates), GRU (3) and RNN
    /// (1): directions × sequence × batch × gates × hidden × (input + hidden). Bias adds, activations, normalization,
    /// pooling, softmax and other elementwise ops are not counted. Shapes come from a real ONNX Runtime run of a copy
    /// that exposes the counted layers' inputs and outputs, after the If branches the sample takes are inlined (so
    /// layers inside If branches count; Loop and Scan bodies do not).
    /// </summary>
    public static long Flops(IInference inference, ModelProto model, IReadOnlyList<NamedTensor> sample, string scratch)
    {
        var flat = IfInliner.Inline(inference, model, sample, scratch);
        var nodes = flat.Graph.Node.Where(n => CountedOps.Contains(n.OpType) && n.Domain.Length == 0).ToList();
        var constants = flat.Graph.Initializer.ToDictionary(i => i.Name, i => (long[])[.. i.Dims], StringComparer.Ordinal);
        foreach (var (name, value) in ConstantNodes(flat.Graph)) constants[name] = [.. value.Dims];
        var exposed = flat.Clone();
        // Shape(t) rather than t: small, and always typed (int64, rank 1), where an exposed activation can come out of
        // ONNX Runtime's inference with no rank (PP-OCR's paddle2onnx export), which the runner would take for a scalar.
        var needed = nodes.SelectMany(n => Needed(n, constants)).Where(t => t.Length > 0 && !constants.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var t in needed)
        {
            exposed.Graph.Node.Add(Nodes.Make("Shape", t + "/flops_shape", [t], [t + "/flops_shape"]));
            exposed.Graph.Output.Add(new ValueInfoProto { Name = t + "/flops_shape" });
        }
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, "flops.onnx");
        OnnxFile.Save(exposed, path);
        // Unoptimized: a tensor that ONNX Runtime would fuse away (LayerNorm) cannot be read in an optimized run.
        var shapes = inference.Run(path, 1, sample, [.. needed.Select(t => t + "/flops_shape")], optimize: false).Outputs
            .ToDictionary(o => o.Name[..^"/flops_shape".Length], o => o.Data.Select(d => (long)d).ToArray(), StringComparer.Ordinal);
        foreach (var (name, dims) in constants) shapes.TryAdd(name, dims);
        long macs = 0;
        foreach (var n in nodes)
        {
            long[] Shape(int input) => input < n.Input.Count && shapes.TryGetValue(n.Input[input], out var d) ? d
                : throw new InvalidDataException($"{n.OpType} {n.Name}: no shape for input {input}");
            macs += n.OpType switch
            {
                // Output elements × (input channels per group × kernel size) = W.dims[1..].
                "Conv" => Count(shapes[n.Output[0]]) * Count(Shape(1)[1..]),
                // Every input element is multiplied into (output channels per group × kernel size) = W.dims[1..].
                "ConvTranspose" => Count(Shape(0)) * Count(Shape(1)[1..]),
                "MatMul" => Count(shapes[n.Output[0]]) * (constants.TryGetValue(n.Input[1], out var b) && b.Length >= 2 ? b[^2] : Shape(0)[^1]),
                "Gemm" => Count(shapes[n.Output[0]]) * (constants.TryGetValue(n.Input[1], out var c) ? c[Nodes.GetInt(n, "transB", 0) == 0 ? 0 : 1] : Nodes.GetInt(n, "transA", 0) == 0 ? Shape(0)[^1] : Shape(0)[0]),
                _ => Recurrent(n, Shape(0), Shape(1), Shape(2)),
            };
        }
        return 2 * macs;
    }

    /// <summary>
    /// The tensors whose shapes count a node: its output, and the activation operand only when the weight is not a constant.
    /// </summary>
    private static IEnumerable<string> Needed(NodeProto n, Dictionary<string, long[]> constants) => n.OpType switch
    {
        "Conv" => [n.Output[0], n.Input[1]],
        "ConvTranspose" => [n.Input[0], n.Input[1]],
        "MatMul" or "Gemm" => constants.ContainsKey(n.Input[1]) ? [n.Output[0]] : [n.Output[0], n.Input[0]],
        _ => [n.Input[0], n.Input[1], n.Input[2]],
    };

    /// <summary>LSTM/GRU/RNN: W is [directions, gates × hidden, input], R is [directions, gates × hidden, hidden]; X is [seq, batch, input] (layout 0) or [batch, seq, input].</summary>
    private static long Recurrent(NodeProto n, long[] x, long[] w, long[] r)
    {
        var (seq, batch) = Nodes.GetInt(n, "layout", 0) == 0 ? (x[0], x[1]) : (x[1], x[0]);
        return w[0] * seq * batch * w[1] * (w[2] + r[2]);
    }

    private static long Count(IEnumerable<long> dims) => dims.Aggregate(1L, (a, b) => a * b);
}
