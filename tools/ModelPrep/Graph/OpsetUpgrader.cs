using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Graph;

/// <summary>
/// Raises a model's default-domain opset to 13, the first where DequantizeLinear takes the <c>axis</c> of per-channel
/// weights. Only for the operators the PP-OCR exports (opset 9 and 11) use: attributes that later opsets take as inputs
/// (Clip min/max, Slice starts/ends/axes/steps, Squeeze/Unsqueeze axes) become initializers; operators whose meaning did
/// not change up to 13 stay as they are; anything else fails with its name and node. Softmax changed at 13 (no more 2-D
/// coercion) but computes the same when its axis is the last one, which the caller checks by running both models.
/// </summary>
internal static class OpsetUpgrader
{
    public const long Target = 13;

    private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
    {
        "Constant", "Conv", "ConvTranspose", "BatchNormalization", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Relu", "Sigmoid", "HardSigmoid",
        "Tanh", "GlobalAveragePool", "AveragePool", "MaxPool", "Concat", "Shape", "Cast", "Reshape", "Transpose", "ReduceMean", "MatMul", "Gemm",
        "Identity", "Flatten", "Softmax", "Gather", "Resize",
    };

    /// <summary>A copy at opset 13 (the model itself when already there); <paramref name="from"/> is the original version.</summary>
    public static ModelProto Upgrade(ModelProto model, out long from)
    {
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx") ?? throw new InvalidDataException("model has no default-domain opset");
        from = opset.Version;
        if (from >= Target) return model;
        var result = model.Clone();
        var graph = result.Graph;
        foreach (var node in graph.Node.Where(n => n.Domain is "" or "ai.onnx"))
        {
            switch (node.OpType)
            {
                case "Clip" when from < 11:
                    // Clip-6: min/max attributes (defaults: the float range) -> optional inputs.
                    node.Input.Add(Scalar(graph, node, "min", Nodes.Find(node, "min")?.F ?? float.MinValue));
                    node.Input.Add(Scalar(graph, node, "max", Nodes.Find(node, "max")?.F ?? float.MaxValue));
                    RemoveAttributes(node, "min", "max");
                    break;
                case "Clip":
                    break;
                case "Slice" when from < 10:
                    var starts = Nodes.GetInts(node, "starts");
                    var axes = Nodes.GetInts(node, "axes");
                    node.Input.Add(Longs(graph, node, "starts", starts));
                    node.Input.Add(Longs(graph, node, "ends", Nodes.GetInts(node, "ends")));
                    node.Input.Add(Longs(graph, node, "axes", axes.Length > 0 ? axes : [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)]));
                    RemoveAttributes(node, "starts", "ends", "axes");
                    break;
                case "Slice":
                    break;
                case "Squeeze" or "Unsqueeze":
                    if (Nodes.Find(node, "axes") is { } a)
                    {
                        node.Input.Add(Longs(graph, node, "axes", [.. a.Ints]));
                        RemoveAttributes(node, "axes");
                    }
                    break;
                case "Resize" when from < 11:
                    throw new NotSupportedException($"opset upgrade: Resize-{from} (node '{node.Name}') is not handled");
                default:
                    if (!Unchanged.Contains(node.OpType)) throw new NotSupportedException($"opset upgrade {from} -> {Target}: operator {node.OpType} (node '{node.Name}') is not handled");
                    break;
            }
        }
        result.OpsetImport.First(o => o.Domain is "" or "ai.onnx").Version = Target;
        result.IrVersion = Math.Max(result.IrVersion, 7);
        return result;
    }

    private static string Scalar(GraphProto graph, NodeProto node, string what, float value)
    {
        var name = $"{node.Output[0]}/{what}";
        graph.Initializer.Add(Tensors.Float(name, [], [value]));
        return name;
    }

    private static string Longs(GraphProto graph, NodeProto node, string what, long[] values)
    {
        var name = $"{node.Output[0]}/{what}";
        graph.Initializer.Add(Tensors.Int64(name, [values.Length], values));
        return name;
    }

    private static void RemoveAttributes(NodeProto node, params string[] names)
    {
        for (var i = node.Attribute.Count - 1; i >= 0; i--)
        {
            if (names.Contains(node.Attribute[i].Name)) node.Attribute.RemoveAt(i);
        }
    }
}
