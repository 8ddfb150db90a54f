using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>
/// report: measures every model (agreement of the INT8 candidate on held-out data, size, parameters, FLOPs, latency at
/// 1 and 2 threads), decides what ships — the candidate when it meets its target, else the float model, and says so —
/// copies the shipped files into models-quantized/, and regenerates manifest.json and REPORT.md from the figures.
/// </summary>
internal static class ReportStep
{
    public static void Run(PrepContext context, IInference inference, int runs)
    {
        var manifestPath = Path.Combine(context.Paths.Output, ModelManifest.FileName);
        var manifest = File.Exists(manifestPath) ? ModelManifest.Load(manifestPath) : new ModelManifest();
        foreach (var recipe in context.Recipes)
        {
            var entry = context.WithProgress($"report {recipe.Name}", progress => Measure(context, inference, recipe, runs, progress));
            var index = manifest.Models.FindIndex(m => m.Name == recipe.Name);
            if (index >= 0) manifest.Models[index] = entry;
            else manifest.Models.Add(entry);
        }
        manifest.Models = [.. Catalog.All.Select(r => manifest.Models.FirstOrDefault(m => m.Name == r.Name)).OfType<ModelEntry>()];
        manifest.Save(manifestPath);
        // named with the CPU: INT8's gain depends on it
        File.WriteAllText(Path.Combine(context.Paths.Output, "REPORT.md"), ReportMarkdown.Render(manifest, $"{inference.Description} on {EdgeRuntime.Core.Hosting.MachineDescription.Cpu()}"));
        context.Log($"wrote {manifestPath} and REPORT.md ({manifest.Models.Count} models)");
    }

    /// <summary>The manifest entry of one recipe; <paramref name="progress"/> hears each phase (agreement, latency, profile, FLOPs).</summary>
    private static ModelEntry Measure(PrepContext context, IInference inference, ModelRecipe recipe, int runs, Action<string, double> progress)
    {
        var source = context.Sources.Get(recipe.Source);
        var files = context.SourceFiles(recipe);
        var floatPath = context.Paths.FloatModel(recipe.Name);
        if (!File.Exists(floatPath)) throw new FileNotFoundException($"{floatPath} missing: run 'convert' first");
        var sample = Samples.Timing(recipe);
        var scratch = context.Paths.Scratch(recipe.Name + "-report");
        var floatModel = OnnxFile.Load(floatPath);
        progress("float32 latency", 0.0);
        var floatLatency = Timings(inference, floatPath, sample, runs, "float32");

        var candidatePath = context.Paths.QuantizedModel(recipe.Name);
        CandidateFigures? candidate = null;
        // Without a shippable INT8 model, a pruning recipe ships its pruned float model when that alone meets the target
        // (dead-channel removal is exact): pruning's savings do not depend on quantization's.
        var fallbackPath = floatPath;
        var prunedPath = context.Paths.PrunedModel(recipe.Name);
        IReadOnlyList<LatencyFigure> prunedLatency = [];
        progress("pruned float agreement on held-out data", 0.15);
        var prunedAgreement = recipe.Prune && File.Exists(prunedPath) ? AgreementCheck.Run(inference, context.Paths, recipe, floatPath, prunedPath) : null;
        if (prunedAgreement is { MeetsTarget: true })
        {
            fallbackPath = prunedPath;
            progress("pruned float latency", 0.3);
            prunedLatency = Timings(inference, prunedPath, sample, runs, "float32 pruned");
        }
        AgreementResult Fallback() => fallbackPath == prunedPath ? prunedAgreement! : AgreementCheck.Run(inference, context.Paths, recipe, floatPath, floatPath);
        var fallbackName = fallbackPath == prunedPath ? "the pruned float model" : "the float model";
        var shippedPath = fallbackPath;
        AgreementResult agreement;
        if (recipe.Quantize && File.Exists(candidatePath))
        {
            progress("INT8 agreement on held-out data", 0.4);
            agreement = AgreementCheck.Run(inference, context.Paths, recipe, floatPath, candidatePath);
            progress("INT8 latency", 0.55);
            var ship = agreement.MeetsTarget;
            candidate = new CandidateFigures
            {
                Value = agreement.Value ?? 0,
                Detail = agreement.Detail,
                Shipped = ship,
                Decision = ship ? $"meets the target {recipe.Target:F2}: shipped"
                    : $"misses the target {recipe.Target:F2} ({agreement.Metric} {agreement.Value:F3}): {fallbackName} ships instead",
                SizeMb = new FileInfo(candidatePath).Length / 1e6,
                Latency = Timings(inference, candidatePath, sample, runs, "int8"),
                Recipe = QuantizationRecipe(recipe),
            };
            if (ship) shippedPath = candidatePath;
            else agreement = Fallback();
            context.Log($"{recipe.Name}: INT8 candidate {candidate.Decision}");
        }
        else
        {
            agreement = Fallback();
        }

        progress("op profile", 0.7);
        var profile = recipe.ProfileOps ? Profile(inference, fallbackPath == prunedPath ? (prunedPath, "float32 pruned") : (floatPath, "float32"),
            candidate is null ? null : candidatePath, sample, runs, scratch) : null;

        var fileName = recipe.Name + ".onnx";
        Directory.CreateDirectory(context.Paths.Output);
        File.Copy(shippedPath, Path.Combine(context.Paths.Output, fileName), overwrite: true);
        var shippedModel = OnnxFile.Load(shippedPath);
        var shippedInt8 = shippedPath == candidatePath;
        // The INT8 candidate of a pruning recipe is built from the pruned float model: its FLOPs are the pruned model's.
        var pruning = PruneStep.Summary(context, recipe);
        var structure = (shippedInt8 && recipe.Prune) || shippedPath == prunedPath ? OnnxFile.Load(prunedPath) : floatModel;
        // The contract as ONNX Runtime reports it, which the daemon's load check compares: an inlined graph's outputs carry
        // the shapes ONNX Runtime infers (silero's stateN [2,?,128] where the If-wrapped original declares [?,?,?]).
        List<TensorContract> inputs, outputs;
        using (var loaded = inference.Load(shippedPath, 1)) (inputs, outputs) = (Contract(loaded.Contract.Inputs), Contract(loaded.Contract.Outputs));
        progress("FLOPs", 0.85);
        var flops = FlopsOrUnknown(context, inference, recipe, structure, sample, scratch);
        var entry = new ModelEntry
        {
            Name = recipe.Name,
            File = fileName,
            Sha256 = Sources.Fetcher.Sha256Of(shippedPath),
            Task = recipe.Task,
            Precision = shippedInt8 ? "int8" : "float32",
            Inputs = inputs,
            Outputs = outputs,
            Source = new ModelOrigin
            {
                Npm = source.Npm, Version = source.Version, Licence = source.Licence,
                Files = [.. source.Files.Select(f => new OriginFile { Path = f.Path, Sha256 = f.Sha256 })],
            },
            Recipe = RecipeText(recipe, source.Format, shippedInt8, shippedInt8 || shippedPath == prunedPath ? pruning : null),
            Layout = recipe.Layout,
            Normalization = recipe.Normalization,
            Labels = recipe.Labels.Count > 0 ? [.. recipe.Labels] : null,
            Figures = new ModelFigures
            {
                Metric = agreement.Metric,
                Value = agreement.Value,
                Target = recipe.Target,
                Detail = agreement.Detail,
                SizeMb = new FileInfo(shippedPath).Length / 1e6,
                Parameters = ModelStats.Parameters(shippedModel),
                Flops = flops,
                MeasuredInput = Samples.Describe(sample),
                Latency = [.. floatLatency, .. prunedLatency, .. shippedInt8 ? candidate!.Latency : []],
                Int8Candidate = candidate,
                Pruning = pruning,
                OpProfile = profile,
                MeasuredOn = $"{inference.Description}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}",
            },
        };
        entry.Variants = Variant(context, recipe, candidate is null ? null : shippedInt8 ? (fallbackPath, "float32") : (candidatePath, "int8"));
        entry.HeldOut = [.. AgreementCheck.HeldOut(recipe)];
        var keys = files.FirstOrDefault(f => f.EndsWith(".txt", StringComparison.Ordinal));
        if (keys is not null)
        {
            File.Copy(keys, Path.Combine(context.Paths.Output, Path.GetFileName(keys)), overwrite: true);
            entry.LabelsFile = Path.GetFileName(keys);
            entry.LabelsSha256 = Sources.Fetcher.Sha256Of(keys);
        }
        context.Log($"{recipe.Name}: ships {entry.Precision}, {entry.Figures.SizeMb:F2} MB, {entry.Figures.Parameters:N0} parameters, {entry.Figures.Flops / 1e9:F2} GFLOPs");
        return entry;
    }

    /// <summary>
    /// The build that does not ship by default, copied beside the shipped one as NAME.PRECISION.onnx, so that
    /// <c>edge models bench</c> can measure both on a board and a board profile can pick either.
    /// </summary>
    private static List<ModelVariant>? Variant(PrepContext context, ModelRecipe recipe, (string Path, string Precision)? other)
    {
        if (other is not { } o) return null;
        var file = $"{recipe.Name}.{o.Precision}.onnx";
        File.Copy(o.Path, Path.Combine(context.Paths.Output, file), overwrite: true);
        return [new ModelVariant { Precision = o.Precision, File = file, Sha256 = Sources.Fetcher.Sha256Of(o.Path) }];
    }

    private static long FlopsOrUnknown(PrepContext context, IInference inference, ModelRecipe recipe, ModelProto model, IReadOnlyList<Reference.NamedTensor> sample, string scratch)
    {
        try
        {
            return ModelStats.Flops(inference, model, sample, scratch);
        }
        catch (Exception e) when (e is EdgeRuntime.Inference.Models.OrtModelException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            // Exposing intermediate tensors of some exported graphs trips ONNX Runtime's output shape checks.
            context.Log($"{recipe.Name}: FLOPs not measured: {e.Message.Split('\n')[0]}");
            return -1;
        }
    }

    private static List<LatencyFigure> Timings(IInference inference, string model, IReadOnlyList<Reference.NamedTensor> sample, int runs, string label) =>
        [.. new[] { 1, 2 }.Select(t =>
        {
            var l = Latency.Measure(inference, model, sample, t, runs);
            return new LatencyFigure { Model = label, Threads = t, MedianMs = Math.Round(l.MedianMs, 2), P95Ms = Math.Round(l.P95Ms, 2), Runs = l.Runs };
        })];

    /// <summary>The per-op-type split at 2 threads of the float fallback and of the INT8 candidate (when there is one).</summary>
    private static List<OpTimeFigure> Profile(IInference inference, (string Path, string Label) fallback, string? candidate, IReadOnlyList<Reference.NamedTensor> sample, int runs, string scratch)
    {
        const int threads = 2;
        return [.. new[] { fallback, (Path: candidate, Label: "int8") }.Where(m => m.Path is not null).SelectMany(m =>
            OpProfile.Measure(inference, m.Path!, sample, threads, runs, scratch).Select(t => new OpTimeFigure
            {
                Model = m.Label, Threads = threads, OpType = t.OpType, Nodes = t.Nodes, Ms = Math.Round(t.MsPerRun, 3), Runs = runs,
            }))];
    }

    private static List<TensorContract> Contract(IReadOnlyList<EdgeRuntime.Inference.Models.TensorSpec> specs) =>
        [.. specs.Select(s => new TensorContract { Name = s.Name, ElementType = EdgeRuntime.Inference.Models.TensorElementTypes.Name(s.ElementType), Shape = [.. s.Dimensions] })];

    private static string QuantizationRecipe(ModelRecipe recipe) =>
        $"static QDQ: weights int8 symmetric per output channel, activations {(recipe.ActivationsUInt8 ? "uint8" : "int8")} asymmetric, " +
        $"{recipe.Calibration}{(recipe.Calibration == "percentile" ? $" {recipe.Percentile}" : "")} calibration on {CalibrationData(recipe)}" +
        (recipe.Equalize ? ", depthwise -> conv ranges equalized first" : "") +
        (recipe.BiasCorrectionBands > 0 ? $", empirical bias correction in {recipe.BiasCorrectionBands} bands" : "") +
        (recipe.ExcludeNodes.Count + recipe.ExcludeOpTypes.Count > 0 ? $", kept float: {string.Join(", ", recipe.ExcludeOpTypes.Concat(recipe.ExcludeNodes))}" : "") +
        (recipe.FloatFrom is { } from ? $", float from {from} to the outputs" : "");

    private static string CalibrationData(ModelRecipe recipe) => recipe.Task switch
    {
        "text-detection" => $"{OcrImages.Calibration.Length} opencv-doc/skimage text images (validation uses {OcrImages.Validation.Length} others)",
        "text-recognition" => $"up to 40 regions the float detector finds in {OcrImages.Calibration.Length} opencv-doc/skimage text images (validation uses {OcrImages.Validation.Length} others)",
        "vad" => $"the chunks of {VadAudio.Calibration.Clips.Count} espeak-ng/sox clips ({VadAudio.Calibration.Clips.Count(c => c.Text is not null)} sentences at -18 to -36 dBFS, white/pink/brown noise at 5-20 dB SNR, " +
                 $"silence and noise-only stretches; validation uses {VadAudio.Validation.Clips.Count(c => c.Text is not null)} other sentences), run in 512-sample chunks with the float model's state carried",
        _ => $"{ImageSets.Calibration.Length} opencv-doc/skimage images",
    } + (recipe.InlineIfs ? "; the If branches of the sr = 16000 path inlined into the top-level graph (float outputs unchanged; the sr input stays but no longer selects a path)" : "")
      + (recipe.HoistConstants ? "; Constant-node weights hoisted into initializers and the opset raised to 13 where lower (float outputs unchanged)" : "");

    private static string RecipeText(ModelRecipe recipe, string format, bool int8, PruningFigures? pruning)
    {
        var steps = new List<string> { format == "tfjs-graph" ? "TF.js graph -> ONNX opset 13 (tools/ModelPrep convert; float16 weights dequantized; NHWC input transposed once)" : int8 ? "original ONNX file as the float source" : "original ONNX file, unchanged" };
        if (pruning is not null) steps.Add($"structured pruning of conv output channels (tools/ModelPrep prune): {pruning.Detail}");
        if (int8) steps.Add(QuantizationRecipe(recipe));
        if (recipe.Note.Length > 0) steps.Add(recipe.Note);
        return string.Join("; ", steps);
    }
}
