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
}

/// <summary>Runs float and shipped detectors on the same inputs and matches detections (same label, IoU ≥ 0.5).</summary>
internal static class DetectorValidation
{
    public static DetectorAgreement Run(IInference inference, ModelRecipe recipe, string floatModel, string shippedModel, IReadOnlyList<IReadOnlyList<NamedTensor>> samples)
    {
        int reference = 0, matched = 0, shipped = 0;
        foreach (var sample in samples)
        {
            var a = RecipeDecoder.Decode(recipe, inference.Run(floatModel, 2, sample).Outputs, recipe.ScoreThreshold);
            // Same threshold for both: a detection the shipped model scores below it counts as missed.
            var b = RecipeDecoder.Decode(recipe, inference.Run(shippedModel, 2, sample).Outputs, recipe.ScoreThreshold);
            reference += a.Count;
            shipped += b.Count;
            matched += DetectionMatch.Matched(a, b, 0.5f);
        }
        return new DetectorAgreement(reference, matched, shipped, samples.Count);
    }
}
