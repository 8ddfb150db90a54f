using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Decoding;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Recipes;

namespace EdgeRuntime.ModelPrep.Reference;

/// <summary>
/// Agreement of a converted model with the TF.js original on one real image: the max abs error of every raw output, and
/// the decoded detections matched one to one (same label, IoU ≥ 0.95).
/// </summary>
internal sealed record ReferenceAgreement(string Model, string Image, IReadOnlyDictionary<string, double> MaxAbsError,
    IReadOnlyDictionary<string, double> Magnitude, int ReferenceDetections, int ConvertedDetections, int Matched, float MinMatchedIoU)
{
    /// <summary>The issue's tolerance: max abs error on every raw output.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>
    /// The recipe's documented exceptions (<see cref="ModelRecipe.ReferenceScaleExceptions"/>): an output listed there is
    /// compared at <see cref="Tolerance"/> after dividing its error by the stated scale. Empty for every output that meets
    /// the tolerance as it is.
    /// </summary>
    public IReadOnlyDictionary<string, double> Scales { get; init; } = new Dictionary<string, double>();

    /// <summary>The divisor of an output's error before the comparison: 1, or its documented exception's scale.</summary>
    public double ScaleOf(string output) => Scales.TryGetValue(output, out var s) ? s : 1.0;

    /// <summary>The error compared with <see cref="Tolerance"/>: the max abs error, divided by the output's exception scale if any.</summary>
    public double ComparedError(string output) => MaxAbsError[output] / ScaleOf(output);

    public bool OutputsAgree => MaxAbsError.Keys.All(o => ComparedError(o) <= Tolerance);

    /// <summary>Raw outputs within tolerance and the same detections (label, IoU ≥ 0.95), one to one.</summary>
    public bool Agrees => OutputsAgree && ReferenceDetections == ConvertedDetections && Matched == ReferenceDetections;

    public override string ToString() =>
        $"{Model} on {Path.GetFileName(Image)}: max abs error {string.Join(", ", MaxAbsError.Select(e => $"{e.Key} {e.Value:E2} (max |ref| {Magnitude[e.Key]:G4}" +
            (Scales.ContainsKey(e.Key) ? $"; documented exception: compared as {e.Key}/{ScaleOf(e.Key):G4}, {ComparedError(e.Key):E2})" : ")")))}; " +
        $"detections tfjs {ReferenceDetections}, onnx {ConvertedDetections}, matched {Matched} (min IoU {MinMatchedIoU:F3})";
}

/// <summary>Runs the same image through TF.js and through the converted ONNX model and compares them.</summary>
internal static class ReferenceCheck
{
    public static ReferenceAgreement Run(ModelRecipe recipe, string modelJson, string onnxModel, string image, NodeRunner runner, IInference inference, string scratch)
    {
        var input = ImageLoader.Input(recipe, image);
        var tf = RecipeDecoder.FromTf(recipe, runner.RunTfjs(modelJson, input, scratch, recipe.Outputs.Select(o => o.Tf)));
        var onnx = inference.Run(onnxModel, 1, [new NamedTensor(recipe.InputName, [1, recipe.InputHeight, recipe.InputWidth, 3], input)]).Outputs;
        return Compare(recipe, image, tf, onnx);
    }

    public static ReferenceAgreement Compare(ModelRecipe recipe, string image, IReadOnlyList<NamedTensor> reference, IReadOnlyList<NamedTensor> converted)
    {
        var errors = new Dictionary<string, double>();
        var magnitude = new Dictionary<string, double>();
        foreach (var r in reference)
        {
            var c = converted.FirstOrDefault(o => o.Name == r.Name) ?? throw new InvalidDataException($"converted model lacks output '{r.Name}'");
            if (!r.Shape.SequenceEqual(c.Shape)) throw new InvalidDataException($"output '{r.Name}': shape [{string.Join(",", c.Shape)}], reference [{string.Join(",", r.Shape)}]");
            double worst = 0;
            for (var i = 0; i < r.Data.Length; i++) worst = Math.Max(worst, Math.Abs((double)r.Data[i] - c.Data[i]));
            errors[r.Name] = worst;
            magnitude[r.Name] = r.Data.Length == 0 ? 0 : r.Data.Max(v => Math.Abs((double)v));
        }
        var a = RecipeDecoder.Decode(recipe, reference, recipe.ScoreThreshold);
        var b = RecipeDecoder.Decode(recipe, converted, recipe.ScoreThreshold);
        var matched = DetectionMatch.Matched(a, b, 0.95f);
        var minIoU = a.Count == 0 ? 1f : a.Min(d => b.Where(x => x.Label == d.Label).Select(d.IoU).DefaultIfEmpty(0f).Max());
        return new ReferenceAgreement(recipe.Name, image, errors, magnitude, a.Count, b.Count, matched, minIoU) { Scales = recipe.ReferenceScaleExceptions };
    }
}
