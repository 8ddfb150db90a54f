using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Sources;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The pipeline on a small real model: reproducible bytes and manifest entry, and a validate that fails below target.</summary>
public sealed class PipelineTests(BlazeFacePipelineFixture fixture) : IClassFixture<BlazeFacePipelineFixture>
{
    [Fact]
    public void Rerunning_convert_and_quantize_reproduces_identical_bytes()
    {
        var recipe = Catalog.BlazeFace.Name;
        Assert.Equal(Fetcher.Sha256Of(fixture.First.Paths.FloatModel(recipe)), Fetcher.Sha256Of(fixture.Second.Paths.FloatModel(recipe)));
        Assert.Equal(Fetcher.Sha256Of(fixture.First.Paths.QuantizedModel(recipe)), Fetcher.Sha256Of(fixture.Second.Paths.QuantizedModel(recipe)));
    }

    [Fact]
    public void Rerunning_the_report_ships_identical_bytes_and_the_same_manifest_entry_but_for_its_latency_figures()
    {
        var (first, second) = (Entry(fixture.FirstReport), Entry(fixture.SecondReport));
        var shipped = Path.Combine(fixture.FirstReport.Paths.Output, first.File);
        Assert.Equal(File.ReadAllBytes(shipped), File.ReadAllBytes(Path.Combine(fixture.SecondReport.Paths.Output, second.File)));
        Assert.Equal(first.Sha256, Fetcher.Sha256Of(shipped));
        // The latency figures are measurements (they vary run to run); everything else is the same, text for text.
        Assert.NotEmpty(first.Figures!.Latency);
        Assert.Equal(WithoutLatency(first, fixture.FirstReport), WithoutLatency(second, fixture.SecondReport));
    }

    private static ModelEntry Entry(PrepContext report) =>
        ModelManifest.Load(Path.Combine(report.Paths.Output, ModelManifest.FileName)).Get(Catalog.BlazeFace.Name);

    private static string WithoutLatency(ModelEntry entry, PrepContext report)
    {
        entry.Figures!.Latency = [];
        if (entry.Figures.Int8Candidate is { } c) c.Latency = [];
        foreach (var t in entry.Figures.OpProfile ?? []) t.Ms = 0;
        var path = Path.Combine(report.Paths.Work, "entry-without-latency.json");
        new ModelManifest { Models = [entry] }.Save(path);
        return File.ReadAllText(path);
    }

    [Fact]
    public void The_converted_float_model_is_the_one_shipped_in_models_quantized()
    {
        var manifest = ModelManifest.Load(Repo.Path("models-quantized", ModelManifest.FileName));
        var entry = manifest.Get(Catalog.BlazeFace.Name);
        Assert.Equal("float32", entry.Precision);
        Assert.Equal(entry.Sha256, Fetcher.Sha256Of(fixture.First.Paths.FloatModel(Catalog.BlazeFace.Name)));
    }

    [Fact]
    public void A_model_below_its_agreement_target_fails_validate_with_its_figure()
    {
        // Ship the INT8 candidate on purpose: its recall of the float detections is below BlazeFace's 0.95 target.
        var context = fixture.First;
        Prep.Ship(context, "blazeface", context.Paths.QuantizedModel("blazeface"));
        using var inference = context.CreateInference();
        var e = Assert.Throws<InvalidDataException>(() => ValidateStep.Run(context, inference));
        Assert.Matches(@"blazeface: recall of float detections \(score >= 0\.3\) at IoU >= 0\.5 0\.\d{3} < target 0\.95", e.Message);
    }

    [Fact]
    public void The_float_model_itself_passes_validate()
    {
        var context = fixture.Second;
        Prep.Ship(context, "blazeface", context.Paths.FloatModel("blazeface"));
        using var inference = context.CreateInference();
        ValidateStep.Run(context, inference);
    }
}
