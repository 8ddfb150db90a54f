using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Models;

/// <summary>One input or output of a loaded model: name, element type, and shape with dynamic axes as -1.</summary>
public sealed class TensorSpec
{
    internal TensorSpec(int index, string name, NodeMetadata metadata)
    {
        Index = index;
        Name = name;
        ValueType = metadata.OnnxValueType;
        var tensor = metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR;
        ElementType = tensor ? metadata.ElementDataType : TensorElementType.DataTypeMax;
        Dimensions = tensor ? [.. metadata.Dimensions.Select(d => (long)d)] : [];
        SymbolicDimensions = tensor ? [.. metadata.SymbolicDimensions.Select(s => s ?? "")] : [];
    }

    /// <summary>Position in the model's input or output list.</summary>
    public int Index { get; }

    /// <summary>The graph name.</summary>
    public string Name { get; }

    /// <summary>Tensor for every value the runner can bind.</summary>
    public OnnxValueType ValueType { get; }

    /// <summary>The element type (<see cref="TensorElementType.DataTypeMax"/> for a value that is not a tensor).</summary>
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
    internal ModelContract(InferenceSession session)
    {
        Inputs = session.InputNames.Select((n, i) => new TensorSpec(i, n, session.InputMetadata[n])).ToArray();
        Outputs = session.OutputNames.Select((n, i) => new TensorSpec(i, n, session.OutputMetadata[n])).ToArray();
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
