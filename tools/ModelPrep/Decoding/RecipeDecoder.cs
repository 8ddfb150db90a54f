using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Decoding;

/// <summary>Decodes a detector's outputs (looked up by ONNX output name) into detections, per recipe.</summary>
internal static class RecipeDecoder
{
    public static List<Detection> Decode(ModelRecipe recipe, IReadOnlyList<NamedTensor> outputs, float threshold)
    {
        float[] Out(string name) => outputs.FirstOrDefault(o => o.Name == name)?.Data ?? throw new KeyNotFoundException($"{recipe.Name}: output '{name}' missing");
        return recipe.Name switch
        {
            "centernet" => Decoders.CenterNet(Out("detections"), threshold),
            "blazeface" => Decoders.BlazeFace(Out("scores16"), Out("boxes16"), Out("scores8"), Out("boxes8"), threshold),
            _ => throw new NotSupportedException($"no detection decoder for '{recipe.Name}'"),
        };
    }

    /// <summary>Renames TF.js outputs to the ONNX output names of the recipe.</summary>
    public static IReadOnlyList<NamedTensor> FromTf(ModelRecipe recipe, IReadOnlyList<NamedTensor> tfOutputs) =>
        [.. tfOutputs.Select(t => t with { Name = recipe.Outputs.First(o => o.Tf == t.Name).Onnx })];
}
