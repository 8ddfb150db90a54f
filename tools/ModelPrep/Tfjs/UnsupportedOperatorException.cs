namespace EdgeRuntime.ModelPrep.Tfjs;

/// <summary>Thrown when the converter meets an operator or attribute it cannot translate; names the op and node.</summary>
internal sealed class UnsupportedOperatorException(string op, string node, string detail)
    : NotSupportedException($"unsupported operator {op} at node '{node}': {detail}")
{
    public string Op { get; } = op;

    public string Node { get; } = node;
}
