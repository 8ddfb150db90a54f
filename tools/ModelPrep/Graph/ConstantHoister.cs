using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Graph;

/// <summary>
/// Turns top-level <c>Constant</c> nodes that hold a tensor (<c>value</c> attribute) into initializers of the same name.
/// The function is unchanged; the QDQ quantizer reads weights from initializers only, and the paddle2onnx exports of
/// PP-OCR keep every Conv and MatMul weight in a Constant node.
/// </summary>
internal static class ConstantHoister
{
    /// <summary>A copy of <paramref name="model"/> with its tensor Constants hoisted; <paramref name="count"/> says how many.</summary>
    public static ModelProto Hoist(ModelProto model, out int count)
    {
        var result = model.Clone();
        var graph = result.Graph;
        var taken = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        count = 0;
        for (var i = graph.Node.Count - 1; i >= 0; i--)
        {
            var node = graph.Node[i];
            // Only the plain tensor form: value_float/value_ints etc. are rare, and sparse values need densifying.
            if (node.OpType != "Constant" || node.Domain is not ("" or "ai.onnx") || node.Output.Count != 1 || node.Attribute.Count != 1) continue;
            var value = node.Attribute[0];
            if (value.Name != "value" || value.T is null || !taken.Add(node.Output[0])) continue;
            var tensor = value.T.Clone();
            tensor.Name = node.Output[0];
            graph.Initializer.Add(tensor);
            graph.Node.RemoveAt(i);
            count++;
        }
        return result;
    }
}
