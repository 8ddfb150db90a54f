using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Decoding;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>Runs float and shipped detectors on the same inputs and matches detections (same label, IoU ≥ 0.5).</summary>
internal static class DetectorValidation
{
    public static DetectorAgreement Run(IInference inference, ModelRecipe recipe, string floatModel, string shippedModel, IReadOnlyList<IReadOnlyList<NamedTensor>> samples) =>
        DetectorAgreement.Sum(PerImage(inference, recipe, floatModel, shippedModel, samples));

    /// <summary>The agreement on each sample, in order (to sum over a subset of the images).</summary>
    public static IReadOnlyList<DetectorAgreement> PerImage(IInference inference, ModelRecipe recipe, string floatModel, string shippedModel, IReadOnlyList<IReadOnlyList<NamedTensor>> samples) =>
        [.. samples.Select(sample =>
        {
            var a = RecipeDecoder.Decode(recipe, inference.Run(floatModel, 2, sample).Outputs, recipe.ScoreThreshold);
            // Same threshold for both: a detection the shipped model scores below it counts as missed.
            var b = RecipeDecoder.Decode(recipe, inference.Run(shippedModel, 2, sample).Outputs, recipe.ScoreThreshold);
            return new DetectorAgreement(a.Count, DetectionMatch.Matched(a, b, 0.5f), b.Count, 1);
        })];
}
