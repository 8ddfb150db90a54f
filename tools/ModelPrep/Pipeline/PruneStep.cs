using System.Text.Json;
using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Pruning;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Sources;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>
/// prune: structured channel pruning of the converted float model, before quantization (recipes with Prune set).
/// Input: work/float/NAME.onnx; the recipe's calibration images (the set quantize uses; never the held-out ones).
/// Output: work/pruned/NAME.onnx and work/pruned/NAME.json (<see cref="PruningFigures"/>, read by report).
/// Example: <c>ModelPrep prune --model centernet --prune-ratio 0.1</c>.
/// </summary>
internal static class PruneStep
{
    public static void Run(PrepContext context, IInference inference)
    {
        foreach (var recipe in context.Recipes.Where(r => r.Prune))
        {
            var figures = Prune(context, inference, recipe);
            File.WriteAllText(context.Paths.PruneSummary(recipe.Name), JsonSerializer.Serialize(figures, ModelPrepJson.Default.PruningFigures) + "\n");
            context.Log($"pruned {recipe.Name}: {figures.Detail}");
            context.Log($"  pruned float vs float original: {figures.FloatValue:F3} ({figures.FloatDetail})");
        }
    }

    public static PruneOptions Options(ModelRecipe recipe) => new(recipe.PruneL1Ratio, recipe.PruneKeepLayers.ToHashSet(StringComparer.Ordinal), recipe.PruneCompensate);

    /// <summary>The figures of the last prune step of a recipe (null when the recipe does not prune).</summary>
    public static PruningFigures? Summary(PrepContext context, ModelRecipe recipe)
    {
        if (!recipe.Prune) return null;
        var path = context.Paths.PruneSummary(recipe.Name);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} missing: run 'prune' first");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, ModelPrepJson.Default.PruningFigures) ?? throw new InvalidDataException($"{path}: empty");
    }

    private static PruningFigures Prune(PrepContext context, IInference inference, ModelRecipe recipe)
    {
        var floatPath = context.Paths.FloatModel(recipe.Name);
        if (!File.Exists(floatPath)) throw new FileNotFoundException($"{floatPath} missing: run 'convert' first");
        var model = OnnxFile.Load(floatPath);
        var samples = Samples.Images(recipe, ImageSets.Existing(ImageSets.Calibration, 8));
        var scratch = context.Paths.Scratch(recipe.Name + "-prune");
        var (prunedModel, layers, rejected) = context.WithProgress($"pruning {recipe.Name}", report =>
            ChannelPruner.Prune(inference, model, samples, Options(recipe), scratch, report));
        foreach (var r in rejected) context.Log("  not prunable: " + r);
        var prunedPath = context.Paths.PrunedModel(recipe.Name);
        OnnxFile.Save(prunedModel, prunedPath);

        var sample = Samples.Timing(recipe);
        var agreement = AgreementCheck.Run(inference, context.Paths, recipe, floatPath, prunedPath);
        var changed = layers.Where(l => l.Dead + l.L1 > 0).ToList();
        var prefix = CommonPrefix(layers.Select(x => x.Name));
        var figures = new PruningFigures
        {
            ParametersBefore = ModelStats.Parameters(model),
            ParametersAfter = ModelStats.Parameters(prunedModel),
            FlopsBefore = ModelStats.Flops(inference, model, sample, scratch),
            FlopsAfter = ModelStats.Flops(inference, prunedModel, sample, scratch),
            L1Ratio = Math.Round(recipe.PruneL1Ratio, 4),
            PrunableChannels = layers.Sum(l => l.Channels),
            DeadChannels = layers.Sum(l => l.Dead),
            L1Channels = layers.Sum(l => l.L1),
            Layers = string.Join("; ", changed.Select(l => $"{l.Name[prefix..]} {l.Channels} to {l.Kept} ({l.Dead} dead, {l.L1} L1)")),
            FloatValue = agreement.Value,
            FloatDetail = agreement.Detail,
        };
        var how = string.Join(", ", new[]
        {
            $"ratio {recipe.PruneL1Ratio:0.###}",
            recipe.PruneCompensate && recipe.PruneL1Ratio > 0 ? "each removed channel's calibration mean folded into its consumers' biases" : "",
            recipe.PruneKeepLayers.Count > 0 ? $"{recipe.PruneKeepLayers.Count} layers exempt" : "",
        }.Where(x => x.Length > 0));
        figures.Detail = $"{figures.DeadChannels} dead and {figures.L1Channels} L1-pruned ({how}) of {figures.PrunableChannels} channels removed " +
                         $"in {layers.Count} prunable layers ({rejected.Count} other group=1 Convs are not prunable: they feed residual adds, " +
                         $"concats, resizes or outputs), measured on {samples.Count} calibration images; " +
                         $"parameters {figures.ParametersBefore:N0} to {figures.ParametersAfter:N0}, GFLOPs {figures.FlopsBefore / 1e9:F3} to {figures.FlopsAfter / 1e9:F3}";
        context.Log($"  sha256 {Fetcher.Sha256Of(prunedPath)}");
        return figures;
    }

    /// <summary>Length of the leading '/'-separated path segments all names share (dropped from the compact per-layer list).</summary>
    private static int CommonPrefix(IEnumerable<string> names)
    {
        var list = names.ToList();
        if (list.Count == 0) return 0;
        var prefix = list[0][..(list[0].LastIndexOf('/') + 1)];
        foreach (var n in list)
        {
            while (!n.StartsWith(prefix, StringComparison.Ordinal)) prefix = prefix[..(prefix.TrimEnd('/').LastIndexOf('/') + 1)];
        }
        return prefix.Length;
    }
}
