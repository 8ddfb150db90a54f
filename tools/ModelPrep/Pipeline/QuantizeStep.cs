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
            var input = InputModel(context, recipe);
            if (!File.Exists(input)) throw new FileNotFoundException($"{input} missing: run '{(recipe.Prune ? "prune" : "convert")}' first");
            var options = Options(recipe);
            var model = Prepare(context, inference, recipe, options);
            var tensors = QdqQuantizer.CalibrationTensors(model, options);
            var ranges = Calibrate(context, inference, recipe, model, tensors);
            var quantized = Quantize(context, inference, recipe, model, ranges, options, out var summary);
            OnnxFile.Save(quantized, context.Paths.QuantizedModel(recipe.Name));
            context.Log($"quantized {recipe.Name} ({recipe.Calibration}, activations {(recipe.ActivationsUInt8 ? "uint8" : "int8")}): " +
                        $"{string.Join(", ", summary.QuantizedByOp.Select(kv => $"{kv.Value} {kv.Key}"))}, {summary.FusedActivations} activations folded, {summary.QdqTensors} Q/DQ tensors, {summary.Skipped.Count} skipped");
            foreach (var s in summary.Skipped) context.Log("  skipped " + s);
        }
    }

    /// <summary>The float model quantization starts from: the pruned model when the recipe prunes (pruning comes first).</summary>
    public static string InputModel(PrepContext context, ModelRecipe recipe) =>
        recipe.Prune ? context.Paths.PrunedModel(recipe.Name) : context.Paths.FloatModel(recipe.Name);

    /// <summary>The float model to quantize, range-equalized when the recipe asks (same function, better-balanced channel ranges).</summary>
    public static Onnx.Proto.ModelProto Prepare(PrepContext context, IInference inference, ModelRecipe recipe, QuantizeOptions options)
    {
        var model = OnnxFile.Load(InputModel(context, recipe));
        if (recipe.InlineIfs) model = InlineIfs(context, inference, recipe, model);
        if (recipe.HoistConstants)
        {
            model = Graph.ConstantHoister.Hoist(model, out var hoisted);
            context.Log($"{recipe.Name}: {hoisted} Constant nodes turned into initializers");
        }
        model = UpgradeOpset(context, inference, recipe, model);
        if (!recipe.Equalize) return model;
        var pairs = Equalizer.Pairs(model, options);
        var scratch = context.Paths.Scratch(recipe.Name + "-calibration");
        Directory.CreateDirectory(scratch);
        var samples = Samples.Images(recipe, ImageSets.Existing(ImageSets.Calibration, 8));
        var stats = Calibrator.ChannelAbsMax(inference, model, [.. pairs.Select(p => p.Between).Distinct()], samples, scratch);
        var equalized = Equalizer.Apply(model, pairs, stats, out var count);
        // The float function must not change: compare the outputs on one calibration image.
        var path = Path.Combine(scratch, "equalized.onnx");
        OnnxFile.Save(equalized, path);
        var before = inference.Run(InputModel(context, recipe), 1, samples[0]).Outputs;
        var after = inference.Run(path, 1, samples[0]).Outputs;
        var change = OutputChange(before, after);
        context.Log($"{recipe.Name}: range-equalized {count} depthwise -> conv pairs (float outputs change by {change:P3} of their range)");
        if (change > 1e-3) throw new InvalidDataException($"{recipe.Name}: range equalization changed the float outputs by {change:P3}");
        return equalized;
    }

    /// <summary>The path of the first calibration input with every If replaced by its branch, checked to compute the same outputs over a stretch of calibration inputs.</summary>
    private static Onnx.Proto.ModelProto InlineIfs(PrepContext context, IInference inference, ModelRecipe recipe, Onnx.Proto.ModelProto model)
    {
        var scratch = context.Paths.Scratch(recipe.Name + "-calibration");
        var samples = CalibrationSamples(context, inference, recipe);
        var flat = Validation.IfInliner.Inline(inference, model, samples[0], scratch);
        var path = Path.Combine(scratch, "inlined.onnx");
        OnnxFile.Save(flat, path);
        var change = samples.Take(64).Max(s => OutputChange(inference.Run(InputModel(context, recipe), 1, s).Outputs, inference.Run(path, 1, s).Outputs));
        context.Log($"{recipe.Name}: If branches inlined, {model.Graph.Node.Count} -> {flat.Graph.Node.Count} top-level nodes (float outputs change by {change:P4} of their range)");
        if (change > 1e-5) throw new InvalidDataException($"{recipe.Name}: inlining the If branches changed the float outputs by {change:P4}");
        return flat;
    }

    /// <summary>The model at opset 13 (per-channel weights need it), checked to compute the same outputs; Softmax's axis is checked here too.</summary>
    private static Onnx.Proto.ModelProto UpgradeOpset(PrepContext context, IInference inference, ModelRecipe recipe, Onnx.Proto.ModelProto model)
    {
        var upgraded = Graph.OpsetUpgrader.Upgrade(model, out var opset);
        if (ReferenceEquals(upgraded, model)) return model;
        var scratch = context.Paths.Scratch(recipe.Name + "-calibration");
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, "opset13.onnx");
        OnnxFile.Save(upgraded, path);
        var sample = CalibrationSamples(context, inference, recipe)[0];
        var change = OutputChange(inference.Run(InputModel(context, recipe), 1, sample).Outputs, inference.Run(path, 1, sample).Outputs);
        context.Log($"{recipe.Name}: opset {opset} -> {Graph.OpsetUpgrader.Target} (float outputs change by {change:P4} of their range)");
        if (change > 1e-4) throw new InvalidDataException($"{recipe.Name}: the opset upgrade changed the float outputs by {change:P4}");
        return upgraded;
    }

    /// <summary>The largest output difference relative to the output's range (max abs value).</summary>
    private static float OutputChange(IReadOnlyList<Reference.NamedTensor> before, IReadOnlyList<Reference.NamedTensor> after) =>
        before.Zip(after, (x, y) => x.Data.Zip(y.Data, (p, q) => Math.Abs(p - q)).DefaultIfEmpty(0f).Max() / Math.Max(1e-6f, x.Data.Select(Math.Abs).DefaultIfEmpty(0f).Max())).Max();

    /// <summary>QDQ quantization with the given ranges, after the recipe's bias correction (which re-quantizes band by band).</summary>
    public static Onnx.Proto.ModelProto Quantize(PrepContext context, IInference inference, ModelRecipe recipe, Onnx.Proto.ModelProto model,
        IReadOnlyDictionary<string, TensorRange> ranges, QuantizeOptions options, out QuantizeSummary summary)
    {
        if (recipe.BiasCorrectionBands > 0)
        {
            // A few images suffice: a per-channel mean averages every pixel of every image.
            var samples = Samples.Images(recipe, ImageSets.Existing(ImageSets.Calibration, 8).Take(4));
            model = BiasCorrection.Apply(inference, model, m => QdqQuantizer.Quantize(m, ranges, options, out _), samples,
                context.Paths.Scratch(recipe.Name + "-calibration"), recipe.BiasCorrectionBands, m => context.Log($"{recipe.Name}: {m}"));
        }
        return QdqQuantizer.Quantize(model, ranges, options, out summary);
    }

    /// <summary>Float ranges of <paramref name="tensors"/> over the calibration images, by the recipe's method (also written to ranges.txt).</summary>
    public static Dictionary<string, TensorRange> Calibrate(PrepContext context, IInference inference, ModelRecipe recipe, Onnx.Proto.ModelProto model, IReadOnlyList<string> tensors)
    {
        var samples = CalibrationSamples(context, inference, recipe);
        var scratch = context.Paths.Scratch(recipe.Name + "-calibration");
        Directory.CreateDirectory(scratch);
        var ranges = context.WithProgress($"calibrating {recipe.Name}", report =>
            Calibrator.Collect(inference, model, tensors, samples, recipe.Calibration, recipe.Percentile, scratch, report,
                // PP-OCR: read through flattened copies, unoptimized (see Calibrator.Collect).
                flat: recipe.HoistConstants));
        File.WriteAllLines(Path.Combine(scratch, "ranges.txt"), tensors.Where(ranges.ContainsKey).Select(t => $"{ranges[t].Min,12:G5} {ranges[t].Max,12:G5}  {t}"));
        return ranges;
    }

    /// <summary>
    /// The calibration inputs: the calibration photos for image models; for PP-OCR the text calibration images
    /// (<see cref="OcrImages.Calibration"/>), whole for the detector and as the float detector's regions for the recognizer.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Reference.NamedTensor>> CalibrationSamples(PrepContext context, IInference inference, ModelRecipe recipe) => recipe.Task switch
    {
        "text-detection" => [.. OcrImages.LoadAll(OcrImages.Calibration, 3).Select(i => OcrImages.DetectorInput(i, recipe.FixedInputs[0].Name))],
        "text-recognition" => Validation.OcrValidation.RecognizerInputs(inference, context.Paths.FloatModel(Catalog.OcrDetection.Name), recipe.FixedInputs[0].Name,
            OcrImages.LoadAll(OcrImages.Calibration, 3), 40),
        "vad" => Validation.VadValidation.StreamingInputs(inference, context.Paths.FloatModel(recipe.Name), VadAudio.Load(VadAudio.Calibration, context.Paths)),
        _ => Samples.Images(recipe, ImageSets.Existing(ImageSets.Calibration, 8)),
    };

    public static QuantizeOptions Options(ModelRecipe recipe) => new()
    {
        ActivationsUInt8 = recipe.ActivationsUInt8,
        OpTypes = recipe.QuantizeOps is { } ops ? ops.ToHashSet(StringComparer.Ordinal) : QuantizeOptions.DefaultOpTypes,
        ExcludeNodes = recipe.ExcludeNodes.ToHashSet(StringComparer.Ordinal),
        ExcludeOpTypes = recipe.ExcludeOpTypes.ToHashSet(StringComparer.Ordinal),
        FloatFrom = recipe.FloatFrom,
    };
}
