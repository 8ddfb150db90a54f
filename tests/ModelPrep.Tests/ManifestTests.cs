using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.ModelPrep.Sources;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>models-quantized/manifest.json: schema, hashes, contracts, and the pins it was built from.</summary>
public sealed class ManifestTests
{
    private static readonly ModelManifest Manifest = ModelManifest.Load(Repo.Path("models-quantized", ModelManifest.FileName));

    [Fact]
    public void The_manifest_lists_the_five_models_with_source_recipe_and_figures()
    {
        Assert.Equal(["centernet", "blazeface", "silero-vad", "ppocr-det", "ppocr-rec"], Manifest.Models.Select(m => m.Name));
        var sources = SourcesFile.Load(Repo.Path("models-quantized", SourcesFile.FileName));
        foreach (var m in Manifest.Models)
        {
            Assert.NotNull(m.Source);
            var pinned = sources.Get(m.Name);
            Assert.Equal(pinned.Npm, m.Source!.Npm);
            Assert.Equal(pinned.Version, m.Source.Version);
            Assert.Equal(pinned.Files.Select(f => f.Sha256), m.Source.Files.Select(f => f.Sha256));
            Assert.False(string.IsNullOrWhiteSpace(m.Recipe));
            Assert.NotNull(m.Figures);
            Assert.True(m.Figures!.SizeMb > 0 && m.Figures.Parameters > 0, m.Name);
            Assert.Contains(m.Figures.Latency, l => l.Threads == 1);
            Assert.Contains(m.Figures.Latency, l => l.Threads == 2);
            // A miss is only allowed when the float model ships instead, and says so.
            Assert.True(m.Figures.Value >= m.Figures.Target || m.Precision == "float32", $"{m.Name}: {m.Figures.Value} < {m.Figures.Target}");
            if (m.Figures.Int8Candidate is { Shipped: false } c) Assert.Contains("float model ships instead", c.Decision);
        }
    }

    [Fact]
    public void Every_entry_states_its_layout_normalization_labels_cost_and_latency()
    {
        foreach (var m in Manifest.Models)
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Layout), $"{m.Name}: layout");
            Assert.False(string.IsNullOrWhiteSpace(m.Normalization), $"{m.Name}: normalization");
            if (m.Task is "object-detection" or "face-detection")
            {
                Assert.NotNull(m.Labels);
                Assert.NotEmpty(m.Labels!);
                Assert.All(m.Labels!, l => Assert.False(string.IsNullOrWhiteSpace(l), $"{m.Name}: empty label"));
            }
            if (m.Task == "text-recognition") Assert.False(string.IsNullOrEmpty(m.LabelsFile), $"{m.Name}: dictionary");
            var f = m.Figures!;
            Assert.True(f.Flops > 0, $"{m.Name}: FLOPs {f.Flops}");
            var latency = f.Latency.Concat(f.Int8Candidate?.Latency ?? []).ToList();
            Assert.NotEmpty(latency);
            Assert.All(latency, l => Assert.True(l.P95Ms > 0 && l.MedianMs > 0 && l.P95Ms >= l.MedianMs && l.Runs > 0, $"{m.Name} {l.Model} {l.Threads} threads: median {l.MedianMs}, p95 {l.P95Ms}, {l.Runs} runs"));
        }
        Assert.Equal(80, Manifest.Get("centernet").Labels!.Count);
    }

    [Fact]
    public void Centernet_states_where_its_time_goes_for_the_shipped_float_model_and_the_int8_candidate()
    {
        var profile = Manifest.Get("centernet").Figures!.OpProfile;
        Assert.NotNull(profile);
        Assert.Equal(["float32 pruned", "int8"], profile!.Select(t => t.Model).Distinct());
        Assert.All(profile, t => Assert.True(t.Threads == 2 && t.Runs >= 30 && t.Nodes > 0 && t.Ms >= 0, $"{t.Model} {t.OpType}"));
        Assert.Contains(profile, t => t.Model == "int8" && t.OpType.StartsWith("QLinearConv", StringComparison.Ordinal));
        Assert.Contains(profile, t => t.Model == "float32 pruned" && t.OpType == "Conv (depthwise)");
        Assert.All(Manifest.Get("centernet").Figures!.Latency, l => Assert.True(l.Runs >= 30, $"{l.Model}: {l.Runs} runs"));
    }

    [Fact]
    public void Every_shipped_file_matches_its_sha256()
    {
        foreach (var m in Manifest.Models) Assert.True(Manifest.Verify(m).Ok, Manifest.Verify(m).Detail);
        var rec = Manifest.Get("ppocr-rec");
        Assert.Equal(rec.LabelsSha256, Fetcher.Sha256Of(Path.Combine(Manifest.Directory, rec.LabelsFile!)));
    }

    [Fact]
    public void Every_model_loads_in_onnx_runtime_with_the_contract_its_entry_promises()
    {
        using var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1 });
        foreach (var m in Manifest.Models)
        {
            using var model = runtime.Load(Manifest.PathOf(m), new ModelLoadOptions { Manifest = m });
            Assert.Equal(m.Inputs!.Select(i => i.Name), model.Contract.Inputs.Select(i => i.Name));
        }
    }

    [Fact]
    public void A_tampered_model_file_fails_verification_naming_both_hashes()
    {
        using var dir = Repo.TempDir("modelprep-manifest");
        var entry = Manifest.Get("blazeface");
        var bytes = File.ReadAllBytes(Manifest.PathOf(entry));
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(dir.File(entry.File), bytes);
        new ModelManifest { Models = [entry] }.Save(dir.File(ModelManifest.FileName));
        var copy = ModelManifest.Load(dir.File(ModelManifest.FileName));
        var check = copy.Verify(copy.Get("blazeface"));
        Assert.False(check.Ok);
        Assert.Contains(entry.Sha256, check.Detail);
    }
}
