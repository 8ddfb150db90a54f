using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>probe: quick figures of the current intermediate models (float vs quantized) without writing anything.</summary>
internal static class ProbeCommand
{
    public static void Run(PrepContext context)
    {
        using var inference = context.CreateInference();
        foreach (var recipe in context.Recipes)
        {
            var f = context.Paths.FloatModel(recipe.Name);
            var q = context.Paths.QuantizedModel(recipe.Name);
            var samples = Samples.Images(recipe, ImageSets.Existing(ImageSets.Validation, 5));
            var pruned = context.Paths.PrunedModel(recipe.Name);
            if (recipe.Prune && File.Exists(pruned))
            {
                var p = DetectorValidation.Run(inference, recipe, f, pruned, samples);
                context.Log($"{recipe.Name}: pruned float recall {p.Recall:F3} ({p.Matched}/{p.FloatDetections}, pruned found {p.ShippedDetections}) on {p.Images} images");
            }
            var agreement = DetectorValidation.Run(inference, recipe, f, q, samples);
            context.Log($"{recipe.Name}: recall {agreement.Recall:F3} ({agreement.Matched}/{agreement.FloatDetections}, shipped found {agreement.ShippedDetections}) on {agreement.Images} images");
            foreach (var threads in new[] { 1, 2 })
            {
                var lf = Latency.Measure(inference, f, samples[0], threads, 20);
                var lq = Latency.Measure(inference, q, samples[0], threads, 20);
                context.Log($"  {threads} thread(s): float median {lf.MedianMs:F2} ms p95 {lf.P95Ms:F2}; int8 median {lq.MedianMs:F2} ms p95 {lq.P95Ms:F2}; speed-up {lf.MedianMs / lq.MedianMs:F2}x");
            }
        }
    }
}
