namespace EdgeRuntime.ModelPrep.Quantization;

/// <summary>What the QDQ quantizer touches.</summary>
internal sealed class QuantizeOptions
{
    /// <summary>Ops whose inputs and outputs get QuantizeLinear/DequantizeLinear pairs (ONNX Runtime fuses them into integer kernels).</summary>
    public static readonly IReadOnlySet<string> DefaultOpTypes = new HashSet<string>(StringComparer.Ordinal) { "Conv", "MatMul", "Add", "Mul", "Concat" };

    /// <summary>A pseudo op type for exclusion lists: Conv with group &gt; 1 (depthwise and grouped convolutions).</summary>
    public const string DepthwiseConv = "DepthwiseConv";

    public IReadOnlySet<string> OpTypes { get; init; } = DefaultOpTypes;

    /// <summary>uint8 asymmetric activations instead of int8 asymmetric.</summary>
    public bool ActivationsUInt8 { get; init; }

    public IReadOnlySet<string> ExcludeNodes { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> ExcludeOpTypes { get; init; } = new HashSet<string>();
}
