using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Recipes;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>The agreement of a candidate model with the float original, against the recipe's target.</summary>
internal sealed record AgreementResult(string Model, string Metric, double? Value, double Target, string Detail)
{
    public bool MeetsTarget => Value is { } v && v >= Target;

    public override string ToString() => Value is { } v
        ? $"{Model}: {Metric} {v:F3} {(MeetsTarget ? ">=" : "<")} target {Target:F2} ({Detail})"
        : $"{Model}: {Metric} not evaluated ({Detail})";
}

/// <summary>Measures agreement on the held-out validation images (calibration never sees them).</summary>
internal static class AgreementCheck
{
    public static string MetricOf(ModelRecipe recipe) => recipe.Task switch
    {
        "object-detection" or "face-detection" => $"recall of float detections (score >= {recipe.ScoreThreshold}) at IoU >= 0.5",
        "vad" => "frame-level speech/non-speech agreement",
        _ => "character agreement of transcripts",
    };

    public static AgreementResult Run(IInference inference, ModelRecipe recipe, string floatModel, string candidate)
    {
        var metric = MetricOf(recipe);
        if (Fetched(floatModel) == Fetched(candidate))
        {
            return new AgreementResult(recipe.Name, metric, 1.0, recipe.Target, "the float original itself (identical bytes)");
        }
        if (recipe.Task is not ("object-detection" or "face-detection"))
        {
            return new AgreementResult(recipe.Name, metric, null, recipe.Target, "no agreement check implemented for this task");
        }
        var samples = Samples.Images(recipe, ImageSets.Existing(ImageSets.Validation, 5));
        var a = DetectorValidation.Run(inference, recipe, floatModel, candidate, samples);
        return new AgreementResult(recipe.Name, metric, a.Recall, recipe.Target,
            $"{a.Matched} of {a.FloatDetections} float detections matched on {a.Images} held-out images; the candidate reported {a.ShippedDetections}");
    }

    private static string Fetched(string path) => Sources.Fetcher.Sha256Of(path);
}
