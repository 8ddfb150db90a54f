using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Tfjs;

/// <summary>What to convert: the ONNX names of the input and of each requested TF.js output tensor.</summary>
internal sealed record ConvertOptions(string InputName, IReadOnlyList<(string Tf, string Onnx)> Outputs, string GraphName)
{
    /// <summary>Opset 13: Clip/Pad/Squeeze take tensors as inputs, per-axis DequantizeLinear exists, every CPU build runs it.</summary>
    public const int Opset = 13;
}

/// <summary>
/// Converts a TF.js graph model to ONNX (opset 13). The ONNX model keeps the TF.js input contract (NHWC float) and
/// transposes once after the input: every rank-4 activation then lives channels-first, so Conv, pooling and Resize run
/// in ONNX's native layout; constants are permuted at conversion time, and a tensor goes back to NHWC only where a
/// layout-blind op (Reshape, the outputs) needs TensorFlow's element order. Only nodes reachable from the requested
/// outputs are converted, in depth-first order from the first output, so the result is deterministic.
/// </summary>
internal sealed partial class TfjsConverter
{
    private readonly TfjsGraph _graph;
    private readonly ConvertOptions _options;
    private readonly List<NodeProto> _nodes = [];
    private readonly List<TensorProto> _initializers = [];
    private readonly List<ValueInfoProto> _inputs = [];
    private readonly Dictionary<string, TfValue> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

    private TfjsConverter(TfjsGraph graph, ConvertOptions options)
    {
        _graph = graph;
        _options = options;
    }

    public static ModelProto Convert(TfjsGraph graph, ConvertOptions options) => new TfjsConverter(graph, options).Run();

    private ModelProto Run()
    {
        var outputs = new List<ValueInfoProto>();
        foreach (var (tf, onnx) in _options.Outputs)
        {
            var v = Logical(Get(tf));
            _nodes.Add(Nodes.Make("Identity", onnx + "/output", [Materialize(v)], [onnx]));
            outputs.Add(Nodes.TensorInfo(onnx, v.Type, v.Shape.Select(d => (long)d)));
        }
        var graph = new GraphProto { Name = _options.GraphName };
        graph.Node.AddRange(_nodes);
        graph.Initializer.AddRange(_initializers);
        graph.Input.AddRange(_inputs);
        graph.Output.AddRange(outputs);
        var model = new ModelProto { IrVersion = 7, ProducerName = "EdgeRuntime.ModelPrep", ProducerVersion = "1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = ConvertOptions.Opset });
        return model;
    }

    /// <summary>The converted value of a TF tensor reference ("node" or "node:k"), converting its producer first.</summary>
    private TfValue Get(string reference)
    {
        var key = Key(reference);
        if (_values.TryGetValue(key, out var v)) return v;
        var nodeName = key.Split(':')[0];
        if (!_graph.NodesByName.TryGetValue(nodeName, out var node))
        {
            throw new InvalidDataException($"tensor '{reference}' has no producing node in the graph");
        }
        if (!_inProgress.Add(nodeName))
        {
            throw new InvalidDataException($"cycle in graph at node '{nodeName}'");
        }
        ConvertNode(node);
        _inProgress.Remove(nodeName);
        return _values.TryGetValue(key, out v) ? v : throw new InvalidDataException($"node '{nodeName}' ({node.Op}) has no output '{reference}'");
    }

    private static string Key(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > 0 && reference[(colon + 1)..] == "0" ? reference[..colon] : reference;
    }

    private void Set(TfjsNode node, TfValue value, int output = 0) => _values[output == 0 ? node.Name : $"{node.Name}:{output}"] = value;

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; !_names.Add(candidate); i++) candidate = $"{name}_{i}";
        return candidate;
    }

    /// <summary>The ONNX name of a value, adding a constant's initializer on first use.</summary>
    private string Materialize(TfValue v)
    {
        if (v.Name.Length > 0) return v.Name;
        if (!v.IsConst) throw new InvalidOperationException("non-constant value without a name");
        v.Name = Unique(v.ConstName);
        var dims = v.StoredShape.Select(d => (long)d).ToArray();
        _initializers.Add(v.Type switch
        {
            ElementType.Float => Tensors.Float(v.Name, dims, v.Floats),
            ElementType.Int32 => Tensors.Int32(v.Name, dims, v.Ints),
            ElementType.Int64 => Tensors.Int64(v.Name, dims, v.Ints!.Select(i => (long)i).ToArray()),
            ElementType.Bool => Tensors.Bool(v.Name, dims, v.Ints!.Select(i => i != 0).ToArray()),
            _ => throw new InvalidOperationException($"constant '{v.ConstName}' of type {v.Type}"),
        });
        return v.Name;
    }

    /// <summary>An int64 initializer (shapes, axes, pads, sizes).</summary>
    private string Int64Const(string name, params long[] values)
    {
        var n = Unique(name);
        _initializers.Add(Tensors.Int64(n, [values.Length], values));
        return n;
    }

    private string FloatScalar(string name, float value)
    {
        var n = Unique(name);
        _initializers.Add(Tensors.Float(n, [], [value]));
        return n;
    }

    /// <summary>Adds one node with one output and returns the output's value.</summary>
    private TfValue Emit(string op, string name, IEnumerable<string> inputs, int[] shape, ElementType type, bool nchw, params AttributeProto[] attributes)
    {
        var output = Unique(name);
        _nodes.Add(Nodes.Make(op, output, inputs, [output], attributes));
        return new TfValue { Name = output, Shape = shape, Type = type, Nchw = nchw && shape.Length == 4 };
    }

    /// <summary>The value stored channels-first (rank 4 only; other ranks are returned unchanged).</summary>
    private TfValue Nchw(TfValue v)
    {
        if (v.Rank != 4 || v.Nchw) return v;
        if (v.Other is not null) return v.Other;
        var result = v.IsConst ? PermuteConst(v, [0, 3, 1, 2], nchw: true)
            : Emit("Transpose", Materialize(v) + "/nchw", [Materialize(v)], v.Shape, v.Type, nchw: true, Nodes.Ints("perm", [0, 3, 1, 2]));
        v.Other = result;
        result.Other = v;
        return result;
    }

    /// <summary>The value stored in TensorFlow's own (logical) element order.</summary>
    private TfValue Logical(TfValue v)
    {
        if (!v.Nchw) return v;
        if (v.Other is not null) return v.Other;
        var result = v.IsConst ? PermuteConst(v, [0, 2, 3, 1], nchw: false)
            : Emit("Transpose", Materialize(v) + "/nhwc", [Materialize(v)], v.Shape, v.Type, nchw: false, Nodes.Ints("perm", [0, 2, 3, 1]));
        v.Other = result;
        result.Other = v;
        return result;
    }

    private static TfValue PermuteConst(TfValue v, int[] perm, bool nchw)
    {
        var from = v.StoredShape;
        var to = perm.Select(p => from[p]).ToArray();
        var count = v.Count;
        var floats = v.Floats is null ? null : new float[count];
        var ints = v.Ints is null ? null : new int[count];
        var fromStrides = Strides(from);
        var toIndex = new int[4];
        for (var i = 0; i < count; i++)
        {
            // i indexes the destination; decompose it and gather from the source.
            var rest = i;
            for (var d = 3; d >= 0; d--)
            {
                toIndex[d] = rest % to[d];
                rest /= to[d];
            }
            var src = 0;
            for (var d = 0; d < 4; d++) src += toIndex[d] * fromStrides[perm[d]];
            if (floats is not null) floats[i] = v.Floats![src];
            if (ints is not null) ints[i] = v.Ints![src];
        }
        return new TfValue { ConstName = v.ConstName + (nchw ? "/nchw" : "/nhwc"), Shape = v.Shape, Type = v.Type, Nchw = nchw, Floats = floats, Ints = ints };
    }

    private static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    /// <summary>Where logical (NHWC) axis <paramref name="axis"/> lives in the stored layout of <paramref name="v"/>.</summary>
    private static int StoredAxis(TfValue v, int axis)
    {
        if (axis < 0) axis += v.Rank;
        return v.Nchw ? axis switch { 0 => 0, 1 => 2, 2 => 3, _ => 1 } : axis;
    }

    private TfValue Const(TfjsNode node, int index)
    {
        var v = Get(node.Inputs[index]);
        return v.IsConst ? v : throw new UnsupportedOperatorException(node.Op, node.Name, $"input {index} ('{node.Inputs[index]}') must be a constant");
    }

    private static UnsupportedOperatorException Unsupported(TfjsNode node, string detail) => new(node.Op, node.Name, detail);
}
