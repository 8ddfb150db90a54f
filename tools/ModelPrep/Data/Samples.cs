using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Data;

/// <summary>Model inputs built from the calibration and validation sets of a recipe.</summary>
internal static class Samples
{
    public static IReadOnlyList<IReadOnlyList<NamedTensor>> Images(ModelRecipe recipe, IEnumerable<string> images) =>
        [.. images.Select(i => (IReadOnlyList<NamedTensor>)[new NamedTensor(recipe.InputName, [1, recipe.InputHeight, recipe.InputWidth, 3], ImageLoader.Input(recipe, i))])];
}
