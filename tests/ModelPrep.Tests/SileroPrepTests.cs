using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Sources;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>Runs silero VAD's pipeline (copy the original, generate the calibration audio, inline, calibrate, quantize) once in a fresh work folder.</summary>
public sealed class SileroPipelineFixture : IDisposable
{
    private readonly TempDir _work = Repo.TempDir("modelprep-silero");

    public SileroPipelineFixture()
    {
        Context = Prep.Context(_work.Path, Path.Combine(_work.Path, "out"), Catalog.SileroVad);
        ConvertStep.Run(Context, verify: false);
        using var inference = Context.CreateInference();
        QuantizeStep.Run(Context, inference);
    }

    internal PrepContext Context { get; }

    public void Dispose() => _work.Dispose();
}

/// <summary>The real silero VAD v5: its inlined float graph, and the VAD check of its INT8 candidate against the target.</summary>
public sealed class SileroPrepTests(SileroPipelineFixture fixture) : IClassFixture<SileroPipelineFixture>
{
    [Fact]
    public void The_inlined_float_graph_agrees_with_the_original_chunk_by_chunk_with_the_state_carried()
    {
        var context = fixture.Context;
        var original = context.Paths.FloatModel(Catalog.SileroVad.Name);
        using var inference = context.CreateInference();
        // Held-out audio from its first sentence on (the calibration audio made the graph): noise, speech onset, speech.
        var audio = VadAudio.Load(VadAudio.Validation, context.Paths)[..(48 * 512)];
        var inputs = VadValidation.StreamingInputs(inference, original, audio);
        var flat = IfInliner.Inline(inference, OnnxFile.Load(original), inputs[0], context.Paths.Scratch("inline-test"));
        var flatPath = Path.Combine(context.Paths.Scratch("inline-test"), "flat.onnx");
        OnnxFile.Save(flat, flatPath);
        Assert.DoesNotContain(Graph.Subgraphs.Nodes(flat.Graph), n => n.Node.OpType == "If");

        var diff = 0f;
        var state = inputs[0][1];
        foreach (var chunk in inputs)
        {
            // The original's outputs on its own carried state; the flat graph carries its own state too.
            var a = inference.Run(original, 1, chunk).Outputs;
            var b = inference.Run(flatPath, 1, [chunk[0], state, chunk[2]]).Outputs;
            foreach (var (x, y) in a.Zip(b)) diff = Math.Max(diff, x.Data.Zip(y.Data, (p, q) => Math.Abs(p - q)).Max());
            state = b.Single(o => o.Name == "stateN") with { Name = "state" };
        }
        Assert.True(diff <= 1e-5f, $"max abs difference {diff}");
    }

    [Fact]
    public void Rerunning_the_pipeline_reproduces_the_shipped_int8_model_byte_for_byte()
    {
        // The calibration audio is rendered afresh in this work folder, so this covers espeak-ng and sox too.
        var entry = ModelManifest.Load(Repo.Path("models-quantized", ModelManifest.FileName)).Get(Catalog.SileroVad.Name);
        Assert.Equal("int8", entry.Precision);
        Assert.Equal(entry.Sha256, Fetcher.Sha256Of(fixture.Context.Paths.QuantizedModel(Catalog.SileroVad.Name)));
    }

    [Fact]
    public void The_int8_candidate_gets_a_frame_agreement_on_held_out_audio_that_validate_compares_with_the_target()
    {
        var context = fixture.Context;
        var candidate = context.Paths.QuantizedModel(Catalog.SileroVad.Name);
        var quantized = OnnxFile.Load(candidate);
        Assert.Contains(quantized.Graph.Node, n => n.OpType == "QuantizeLinear");
        Assert.DoesNotContain(quantized.Graph.Node, n => n.OpType == "If");
        using var inference = context.CreateInference();

        var result = AgreementCheck.Run(inference, context.Paths, Catalog.SileroVad, context.Paths.FloatModel(Catalog.SileroVad.Name), candidate);

        Assert.InRange(result.Value!.Value, 0.0, 1.0);
        Assert.Matches(@"^\d+ of \d+ 512-sample frames agree", result.Detail);
        Prep.Ship(context, Catalog.SileroVad.Name, candidate);
        if (result.Value >= 0.97)
        {
            ValidateStep.Run(context, inference);
        }
        else
        {
            var e = Assert.Throws<InvalidDataException>(() => ValidateStep.Run(context, inference));
            Assert.Contains($"frame-level speech/non-speech agreement {result.Value:F3} < target 0.97", e.Message);
        }
    }
}
