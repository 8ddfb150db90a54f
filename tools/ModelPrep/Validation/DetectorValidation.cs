using EdgeRuntime.ModelPrep.Decoding;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>Recall of the float model's detections by the shipped model, on held-out images.</summary>
internal sealed record DetectorAgreement(int FloatDetections, int Matched, int ShippedDetections, int Images)
{
    /// <summary>Matched / float detections; 1 when the float model found nothing (nothing to miss).</summary>
    public double Recall => FloatDetections == 0 ? 1.0 : (double)Matched / FloatDetections;

    /// <summary>The counts of several images (or sets) together.</summary>
    public static DetectorAgreement Sum(IEnumerable<DetectorAgreement> parts) => parts.Aggregate(new DetectorAgreement(0, 0, 0, 0),
        (a, b) => new DetectorAgreement(a.FloatDetections + b.FloatDetections, a.Matched + b.Matched, a.ShippedDetections + b.ShippedDetections, a.Images + b.Images));
}

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
