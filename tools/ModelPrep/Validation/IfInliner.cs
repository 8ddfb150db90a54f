using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>
/// Flattens the If nodes a given input takes: runs the model exposing the top-level If conditions, replaces each If
/// by the nodes (and initializers) of the branch it took, and repeats for Ifs nested in the inlined branches. The
/// result computes the same outputs for that input and has every layer at the top level, where its tensors can be
/// exposed (silero VAD keeps its whole network inside If branches on the sample rate and on shapes).
/// </summary>
internal static class IfInliner
{
    private const int MaxDepth = 16;

    public static ModelProto Inline(IInference inference, ModelProto model, IReadOnlyList<NamedTensor> sample, string scratch)
    {
        var flat = model.Clone();
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            var ifs = flat.Graph.Node.Where(n => n.OpType == "If").ToList();
            if (ifs.Count == 0) return flat;
            var conditions = Evaluate(inference, flat, [.. ifs.Select(n => n.Input[0]).Distinct(StringComparer.Ordinal)], sample, scratch);
            foreach (var node in ifs)
            {
                var branch = Nodes.Find(node, conditions[node.Input[0]] ? "then_branch" : "else_branch")!.G;
                var at = flat.Graph.Node.IndexOf(node);
                flat.Graph.Node.RemoveAt(at);
                var inlined = branch.Node.ToList();
                // Branch outputs become the If's outputs.
                inlined.AddRange(branch.Output.Select((o, i) => Nodes.Make("Identity", $"{node.Name}/inlined_output_{i}", [o.Name], [node.Output[i]])));
                for (var i = 0; i < inlined.Count; i++) flat.Graph.Node.Insert(at + i, inlined[i]);
                flat.Graph.Initializer.AddRange(branch.Initializer);
            }
        }
        throw new InvalidDataException($"If nodes nested deeper than {MaxDepth} levels");
    }

    private static Dictionary<string, bool> Evaluate(IInference inference, ModelProto model, IReadOnlyList<string> conditions, IReadOnlyList<NamedTensor> sample, string scratch)
    {
        var exposed = model.Clone();
        // Exposed as float: the runner reads outputs as numbers, not bools.
        foreach (var c in conditions)
        {
            exposed.Graph.Node.Add(Nodes.Make("Cast", c + "/as_float", [c], [c + "/as_float"], Nodes.Int("to", (long)ElementType.Float)));
            exposed.Graph.Output.Add(new ValueInfoProto { Name = c + "/as_float" });
        }
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, "conditions.onnx");
        OnnxFile.Save(exposed, path);
        var outputs = inference.Run(path, 1, sample, [.. conditions.Select(c => c + "/as_float")], optimize: false).Outputs;
        return outputs.ToDictionary(o => o.Name[..^"/as_float".Length], o => o.Data.Length == 1 ? o.Data[0] != 0 : throw new InvalidDataException($"If condition {o.Name} has {o.Data.Length} elements"), StringComparer.Ordinal);
    }
}
