using EdgeRuntime.Inference.Manifest;

namespace EdgeRuntime.Inference.Models;

/// <summary>Compares a loaded model's contract with what its manifest entry promises.</summary>
public static class ContractCheck
{
    /// <summary>
    /// The differences between <paramref name="contract"/> and <paramref name="entry"/>'s inputs and outputs: one
    /// line each, naming the tensor, what the manifest expects and what the model declares. Empty when they agree or the
    /// entry states no contract.
    /// </summary>
    public static IReadOnlyList<(string Tensor, string Expected, string Given)> Compare(ModelContract contract, ModelEntry entry)
    {
        var problems = new List<(string, string, string)>();
        if (entry.Inputs is not null)
        {
            CompareSide("input", contract.Inputs, entry.Inputs, problems);
        }
        if (entry.Outputs is not null)
        {
            CompareSide("output", contract.Outputs, entry.Outputs, problems);
        }
        return problems;
    }

    private static void CompareSide(string side, IReadOnlyList<TensorSpec> actual, List<TensorContract> promised, List<(string, string, string)> problems)
    {
        foreach (var p in promised)
        {
            var spec = actual.FirstOrDefault(a => a.Name == p.Name);
            if (spec is null)
            {
                problems.Add(($"{side} '{p.Name}'", $"an {side} named '{p.Name}'", $"a model whose {side}s are {string.Join(", ", actual.Select(a => a.Name))}"));
                continue;
            }
            if (!TensorElementTypes.TryParse(p.ElementType, out var type) || type != spec.ElementType)
            {
                problems.Add(($"{side} '{p.Name}'", $"element type {p.ElementType}", $"{TensorElementTypes.Name(spec.ElementType)}"));
            }
            if (!p.Shape.SequenceEqual(spec.Dimensions))
            {
                problems.Add(($"{side} '{p.Name}'", $"shape [{string.Join(",", p.Shape)}]", $"[{string.Join(",", spec.Dimensions)}] ({spec.DescribeShape()})"));
            }
        }
        foreach (var a in actual)
        {
            if (!promised.Any(p => p.Name == a.Name))
            {
                problems.Add(($"{side} '{a.Name}'", $"only the {side}s {string.Join(", ", promised.Select(p => p.Name))}", $"an extra {side} {a}"));
            }
        }
    }
}
