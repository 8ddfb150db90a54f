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

    /// <summary>Node names kept float; an entry with '*' is a pattern ('*' matches any run of characters, '/' included).</summary>
    public IReadOnlySet<string> ExcludeNodes { get; init; } = new HashSet<string>();

    /// <summary>Whether <paramref name="name"/> is listed in <see cref="ExcludeNodes"/>, exactly or by a pattern.</summary>
    public bool ExcludesNode(string name) =>
        ExcludeNodes.Contains(name) || ExcludeNodes.Any(p => p.Contains('*', StringComparison.Ordinal) && Matches(p, name));

    private static bool Matches(string pattern, string name)
    {
        var parts = pattern.Split('*');
        if (!name.StartsWith(parts[0], StringComparison.Ordinal)) return false;
        var at = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = name.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + parts[i].Length;
        }
        return name.Length - at >= parts[^1].Length && name.EndsWith(parts[^1], StringComparison.Ordinal);
    }

    public IReadOnlySet<string> ExcludeOpTypes { get; init; } = new HashSet<string>();

    /// <summary>When set, this node and every node after it in graph order stay float ("last layers float").</summary>
    public string? FloatFrom { get; init; }
}
