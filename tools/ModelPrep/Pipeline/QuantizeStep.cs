using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Quantization;
using EdgeRuntime.ModelPrep.Recipes;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>quantize: calibrate on the calibration photos and write the QDQ INT8 model (from the pruned model when there is one).</summary>
internal static class QuantizeStep
{
    public static void Run(PrepContext context, IInference inference)
    {
        foreach (var recipe in context.Recipes.Where(r => r.Quantize))
        {
            var input = recipe.Prune ? context.Paths.PrunedModel(recipe.Name) : context.Paths.FloatModel(recipe.Name);
            if (!File.Exists(input)) throw new FileNotFoundException($"{input} missing: run '{(recipe.Prune ? "prune" : "convert")}' first");
            var model = OnnxFile.Load(input);
            var options = Options(recipe);
            var tensors = QdqQuantizer.CalibrationTensors(model, options);
            var samples = Samples.Images(recipe, ImageSets.Existing(ImageSets.Calibration, 8));
            var scratch = context.Paths.Scratch(recipe.Name + "-calibration");
            Directory.CreateDirectory(scratch);
            var ranges = context.WithProgress($"calibrating {recipe.Name}", report =>
                Calibrator.Collect(inference, model, tensors, samples, recipe.Calibration, recipe.Percentile, scratch, report));
            var quantized = QdqQuantizer.Quantize(model, ranges, options, out var summary);
            File.WriteAllLines(Path.Combine(scratch, "ranges.txt"), tensors.Where(ranges.ContainsKey).Select(t => $"{ranges[t].Min,12:G5} {ranges[t].Max,12:G5}  {t}"));
            OnnxFile.Save(quantized, context.Paths.QuantizedModel(recipe.Name));
            context.Log($"quantized {recipe.Name} ({recipe.Calibration}, {samples.Count} images, activations {(recipe.ActivationsUInt8 ? "uint8" : "int8")}): " +
                        $"{string.Join(", ", summary.QuantizedByOp.Select(kv => $"{kv.Value} {kv.Key}"))}, {summary.FusedActivations} activations folded, {summary.QdqTensors} Q/DQ tensors, {summary.Skipped.Count} skipped");
            foreach (var s in summary.Skipped) context.Log("  skipped " + s);
        }
    }

    public static QuantizeOptions Options(ModelRecipe recipe) => new()
    {
        ActivationsUInt8 = recipe.ActivationsUInt8,
        OpTypes = recipe.QuantizeOps is { } ops ? ops.ToHashSet(StringComparer.Ordinal) : QuantizeOptions.DefaultOpTypes,
        ExcludeNodes = recipe.ExcludeNodes.ToHashSet(StringComparer.Ordinal),
        ExcludeOpTypes = recipe.ExcludeOpTypes.ToHashSet(StringComparer.Ordinal),
    };
}
