using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Decoding;
using EdgeRuntime.ModelPrep.Graph;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Quantization;
using EdgeRuntime.ModelPrep.Recipes;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>
/// sensitivity: which blocks must stay float for the INT8 model to meet its target. Quantizes everything the recipe
/// allows, then keeps each block (nodes grouped by the first <c>depth</c> segments of their names) float in turn and
/// measures the metric; greedily keeps the best block float and repeats until the target is met, so the smallest sets
/// are tried first. Measured on the sensitivity images (calibration photos plus stills validation does not use): the held-out validation images stay unseen by every choice
/// made here, so the final validate figure is honest.
/// </summary>
internal static class SensitivityCommand
{
    /// <summary>Recall of the float detections and the mean score lost on them (a tie-breaker finer than recall).</summary>
    private readonly record struct Score(double Recall, double ScoreLoss);

    public static void Run(PrepContext context, int depth, int maxRounds)
    {
        using var inference = context.CreateInference();
        foreach (var recipe in context.Recipes.Where(r => r.Quantize))
        {
            if (recipe.Task is not ("object-detection" or "face-detection")) throw new NotSupportedException($"{recipe.Name}: sensitivity analysis is implemented for detectors");
            var floatPath = QuantizeStep.InputModel(context, recipe);
            var options = QuantizeStep.Options(recipe);
            var model = QuantizeStep.Prepare(context, inference, recipe, options);
            var everything = QuantizeStep.Options(recipe with { ExcludeNodes = [] });
            var ranges = QuantizeStep.Calibrate(context, inference, recipe, model, QdqQuantizer.CalibrationTensors(model, everything));
            var samples = Samples.Images(recipe, ImageSets.Existing(ImageSets.Sensitivity, 8));
            var reference = samples.Select(s => RecipeDecoder.Decode(recipe, inference.Run(floatPath, 2, s).Outputs, recipe.ScoreThreshold)).ToList();
            var scratch = context.Paths.Scratch(recipe.Name + "-sensitivity");
            Directory.CreateDirectory(scratch);
            var candidatePath = Path.Combine(scratch, "candidate.onnx");

            Score Evaluate(IEnumerable<string> keptFloat)
            {
                var trial = new QuantizeOptions
                {
                    ActivationsUInt8 = options.ActivationsUInt8, OpTypes = options.OpTypes, ExcludeOpTypes = options.ExcludeOpTypes, FloatFrom = options.FloatFrom,
                    ExcludeNodes = options.ExcludeNodes.Concat(keptFloat).ToHashSet(StringComparer.Ordinal),
                };
                OnnxFile.Save(QdqQuantizer.Quantize(model, ranges, trial, out _), candidatePath);
                int total = 0, matched = 0;
                var loss = 0.0;
                for (var i = 0; i < samples.Count; i++)
                {
                    var candidate = RecipeDecoder.Decode(recipe, inference.Run(candidatePath, 2, samples[i]).Outputs, 0.5f * recipe.ScoreThreshold);
                    var kept = candidate.Where(d => d.Score >= recipe.ScoreThreshold).ToList();
                    total += reference[i].Count;
                    matched += DetectionMatch.Matched(reference[i], kept, 0.5f);
                    loss += reference[i].Sum(r => r.Score - candidate.Where(c => c.Label == r.Label && c.IoU(r) >= 0.5f).Select(c => c.Score).DefaultIfEmpty(0f).Max());
                }
                return new Score(total == 0 ? 1 : (double)matched / total, total == 0 ? 0 : loss / total);
            }

            var index = new GraphIndex(model.Graph);
            var blocks = model.Graph.Node.Where(n => QdqQuantizer.IsCandidate(n, index, options))
                .GroupBy(n => BlockOf(n.Name, depth)).Select(g => (Key: g.Key, Nodes: g.Select(n => n.Name).ToList())).ToList();
            var current = Evaluate([]);
            context.Log($"{recipe.Name}: everything the recipe allows quantized: recall {current.Recall:F3}, score loss {current.ScoreLoss:F4} " +
                        $"({reference.Sum(r => r.Count)} float detections on {samples.Count} sensitivity images; {blocks.Count} blocks at depth {depth})");
            var chosen = new List<(string Key, List<string> Nodes)>();
            for (var round = 0; round < maxRounds && current.Recall < recipe.Target; round++)
            {
                var trials = context.WithProgress($"{recipe.Name} sensitivity round {round + 1}", report =>
                {
                    var results = new List<((string Key, List<string> Nodes) Block, Score Score)>();
                    var open = blocks.Where(b => !chosen.Contains(b)).ToList();
                    foreach (var b in open)
                    {
                        results.Add((b, Evaluate(chosen.SelectMany(c => c.Nodes).Concat(b.Nodes))));
                        report(b.Key, (double)results.Count / open.Count);
                    }
                    return results.OrderByDescending(t => t.Score.Recall).ThenBy(t => t.Score.ScoreLoss).ToList();
                });
                if (round == 0)
                {
                    context.Log("  one block kept float at a time (best first):");
                    foreach (var t in trials.Take(12)) context.Log($"    recall {t.Score.Recall:F3}  score loss {t.Score.ScoreLoss:F4}  {t.Block.Key} ({t.Block.Nodes.Count} nodes)");
                }
                var best = trials[0];
                chosen.Add(best.Block);
                current = best.Score;
                context.Log($"  round {round + 1}: keep {best.Block.Key} float -> recall {current.Recall:F3}, score loss {current.ScoreLoss:F4}");
            }
            context.Log($"{recipe.Name}: {(current.Recall >= recipe.Target ? "meets" : "still misses")} the target {recipe.Target:F2} on the sensitivity images with " +
                        $"{chosen.Count} block(s) kept float: {string.Join(", ", chosen.Select(c => Pattern(c.Key, c.Nodes)))}");
        }
    }

    /// <summary>The first <paramref name="depth"/> '/'-separated segments of a node name.</summary>
    public static string BlockOf(string name, int depth)
    {
        var parts = name.Split('/');
        return string.Join('/', parts.Take(Math.Min(depth, parts.Length)));
    }

    /// <summary>The recipe exclusion that keeps a block float: its one node's name, or the block's prefix pattern.</summary>
    private static string Pattern(string key, List<string> nodes) => nodes is [var only] && only == key ? only : key + "/*";
}
