using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Sources;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>CenterNet's prune step, run twice from the converted model: the shipped pruned model again, byte for byte.</summary>
public sealed class PruneReproducibilityTests
{
    [Fact]
    public void Pruning_twice_writes_the_shipped_centernet_byte_for_byte_and_the_same_pruning_figures()
    {
        using var first = Repo.TempDir("modelprep-prune1");
        using var second = Repo.TempDir("modelprep-prune2");
        var a = Prep.Context(first.Path, null, Catalog.CenterNet);
        var b = Prep.Context(second.Path, null, Catalog.CenterNet);
        ConvertStep.Run(a, verify: false);
        // The second run prunes the same float model (conversion's own reproducibility is PipelineTests').
        Directory.CreateDirectory(Path.GetDirectoryName(b.Paths.FloatModel("centernet"))!);
        File.Copy(a.Paths.FloatModel("centernet"), b.Paths.FloatModel("centernet"));
        using (var inference = a.CreateInference())
        {
            PruneStep.Run(a, inference);
            PruneStep.Run(b, inference);
        }

        var pruned = File.ReadAllBytes(a.Paths.PrunedModel("centernet"));
        Assert.Equal(pruned, File.ReadAllBytes(b.Paths.PrunedModel("centernet")));
        // The figures hold no timing: the same text, and the agreement the report ships the pruned model on.
        Assert.Equal(File.ReadAllText(a.Paths.PruneSummary("centernet")), File.ReadAllText(b.Paths.PruneSummary("centernet")));
        var shipped = ModelManifest.Load(Repo.Path("models-quantized", ModelManifest.FileName)).Get("centernet");
        Assert.Equal("float32", shipped.Precision);
        Assert.Equal(shipped.Sha256, Fetcher.Sha256Of(a.Paths.PrunedModel("centernet")));
    }
}
