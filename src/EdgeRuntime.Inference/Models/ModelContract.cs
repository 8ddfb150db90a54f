using EdgeRuntime.Interop.Ort;

namespace EdgeRuntime.Inference.Models;

/// <summary>One input or output of a loaded model: name, element type, and shape with dynamic axes as -1.</summary>
public sealed class TensorSpec
{
    internal TensorSpec(int index, OrtTensorInfo info)
    {
        Index = index;
        Name = info.Name;
        ValueType = info.ValueType;
        ElementType = info.ElementType;
        Dimensions = info.Dimensions;
        SymbolicDimensions = info.SymbolicDimensions;
    }

    /// <summary>Position in the model's input or output list.</summary>
    public int Index { get; }

    /// <summary>The graph name.</summary>
    public string Name { get; }

    /// <summary>Tensor for every value the runner can bind.</summary>
    public OnnxValueType ValueType { get; }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Declared dimensions, -1 for dynamic axes.</summary>
    public IReadOnlyList<long> Dimensions { get; }

    /// <summary>Axis names (empty string for unnamed axes).</summary>
    public IReadOnlyList<string> SymbolicDimensions { get; }

    /// <summary>The rank.</summary>
    public int Rank => Dimensions.Count;

    /// <summary>True when some axis is dynamic.</summary>
    public bool IsDynamic => Dimensions.Any(d => d < 0);

    /// <summary>The shape as text, symbolic axes by name: <c>float32[batch,3,640,640]</c>.</summary>
    public string Describe() => $"{TensorElementTypes.Name(ElementType)}{DescribeShape()}";

    /// <summary>The shape as text: <c>[batch,3,H,W]</c>, <c>?</c> for an unnamed dynamic axis.</summary>
    public string DescribeShape()
    {
        var parts = new string[Rank];
        for (var i = 0; i < Rank; i++)
        {
            parts[i] = Dimensions[i] >= 0 ? Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : SymbolicDimensions[i] is { Length: > 0 } s ? s : "?";
        }
        return "[" + string.Join(",", parts) + "]";
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Describe()}";
}

/// <summary>The inputs and outputs of a loaded model, as ONNX Runtime reads them from the graph. Immutable.</summary>
public sealed class ModelContract
{
    internal ModelContract(OrtTensorInfo[] inputs, OrtTensorInfo[] outputs)
    {
        Inputs = inputs.Select((t, i) => new TensorSpec(i, t)).ToArray();
        Outputs = outputs.Select((t, i) => new TensorSpec(i, t)).ToArray();
    }

    /// <summary>The inputs in graph order.</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; }

    /// <summary>The outputs in graph order.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>The index of an input by name, or -1.</summary>
    public int InputIndex(string name) => IndexOf(Inputs, name);

    /// <summary>The index of an output by name, or -1.</summary>
    public int OutputIndex(string name) => IndexOf(Outputs, name);

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, string name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (specs[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"inputs {string.Join(", ", Inputs)}; outputs {string.Join(", ", Outputs)}";
}
