using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>probe: quick figures of the current intermediate models (float vs quantized) without writing anything.</summary>
internal static class ProbeCommand
{
    public static void Run(PrepContext context, int runs)
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
            LogMisses(context, inference, recipe, f, q, samples);
            foreach (var threads in runs > 0 ? new[] { 1, 2 } : [])
            {
                var lf = Latency.Measure(inference, f, samples[0], threads, runs);
                var lq = Latency.Measure(inference, q, samples[0], threads, runs);
                context.Log($"  {threads} thread(s): float median {lf.MedianMs:F2} ms p95 {lf.P95Ms:F2}; int8 median {lq.MedianMs:F2} ms p95 {lq.P95Ms:F2}; speed-up {lf.MedianMs / lq.MedianMs:F2}x");
            }
        }
    }

    /// <summary>Each float detection the INT8 model misses, with the INT8 model's best score for it (at any score).</summary>
    private static void LogMisses(PrepContext context, Inference.IInference inference, Recipes.ModelRecipe recipe, string floatModel, string quantized, IReadOnlyList<IReadOnlyList<Reference.NamedTensor>> samples)
    {
        var images = ImageSets.Existing(ImageSets.Validation, 5);
        for (var i = 0; i < samples.Count; i++)
        {
            var a = Decoding.RecipeDecoder.Decode(recipe, inference.Run(floatModel, 2, samples[i]).Outputs, recipe.ScoreThreshold);
            var all = Decoding.RecipeDecoder.Decode(recipe, inference.Run(quantized, 2, samples[i]).Outputs, 0.01f);
            var b = all.Where(d => d.Score >= recipe.ScoreThreshold).ToList();
            foreach (var miss in a.Where(r => DetectionMatch.Matched([r], b, 0.5f) == 0))
            {
                var best = all.Where(c => c.Label == miss.Label && c.IoU(miss) >= 0.5f).Select(c => c.Score).DefaultIfEmpty(0f).Max();
                context.Log($"  missed in {Path.GetFileName(images[i])}: {miss}; INT8 best score there {best:F3}");
            }
        }
    }
}
