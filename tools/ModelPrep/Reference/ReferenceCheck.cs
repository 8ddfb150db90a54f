using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Decoding;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Recipes;

namespace EdgeRuntime.ModelPrep.Reference;

/// <summary>Agreement of a converted model with the TF.js original on one real image.</summary>
internal sealed record ReferenceAgreement(string Model, string Image, IReadOnlyDictionary<string, double> MaxAbsError,
    IReadOnlyDictionary<string, double> Magnitude, int ReferenceDetections, int ConvertedDetections, int Matched, float MinMatchedIoU)
{
    /// <summary>Absolute tolerance on raw outputs in unit range.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>
    /// The tolerance of one output: 1e-3, scaled by the output's largest magnitude when that exceeds 1. Outputs in pixel
    /// units (CenterNet's wh reaches 275) differ from TF.js by float32 rounding of the convolution sums (about 5e-6
    /// relative), which a fixed 1e-3 cannot absorb.
    /// </summary>
    public double ToleranceOf(string output) => Tolerance * Math.Max(1.0, Magnitude[output]);

    public bool OutputsAgree => MaxAbsError.All(e => e.Value <= ToleranceOf(e.Key));

    /// <summary>Raw outputs within tolerance and the same detections (label, IoU ≥ 0.95), one to one.</summary>
    public bool Agrees => OutputsAgree && ReferenceDetections == ConvertedDetections && Matched == ReferenceDetections;

    public override string ToString() =>
        $"{Model} on {Path.GetFileName(Image)}: max abs error {string.Join(", ", MaxAbsError.Select(e => $"{e.Key} {e.Value:E2} (max |ref| {Magnitude[e.Key]:G4})"))}; " +
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
        return new ReferenceAgreement(recipe.Name, image, errors, magnitude, a.Count, b.Count, matched, minIoU);
    }
}
