using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Data;

/// <summary>Model inputs built from the calibration and validation sets of a recipe.</summary>
internal static class Samples
{
    public static IReadOnlyList<IReadOnlyList<NamedTensor>> Images(ModelRecipe recipe, IEnumerable<string> images) =>
        [.. images.Select(i => (IReadOnlyList<NamedTensor>)[new NamedTensor(recipe.InputName, [1, recipe.InputHeight, recipe.InputWidth, 3], ImageLoader.Input(recipe, i))])];

    /// <summary>The input of the latency and FLOPs runs: the first held-out image, or the recipe's fixed (zero) inputs.</summary>
    public static IReadOnlyList<NamedTensor> Timing(ModelRecipe recipe)
    {
        if (recipe.FixedInputs.Count == 0) return Images(recipe, [ImageSets.Existing(ImageSets.Validation, 1)[0]])[0];
        return [.. recipe.FixedInputs.Select(f =>
        {
            var count = f.Shape.Aggregate(1, (a, b) => a * b);
            return f.Int64 ? NamedTensor.Int64(f.Name, f.Shape, Enumerable.Repeat(f.Value, count).ToArray()) : new NamedTensor(f.Name, f.Shape, new float[count]);
        })];
    }

    public static string Describe(IReadOnlyList<NamedTensor> inputs) =>
        string.Join(", ", inputs.Select(t => $"{t.Name} {t.Type}[{string.Join(",", t.Shape)}]"));
}
