using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Inference.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Inference.Tests.Models;

/// <summary>Every bad input raises an exception naming the model, the input, what was expected and what was given; the process carries on.</summary>
public sealed class BadInputTests(OrtFixture fixture) : IClassFixture<OrtFixture>
{
    [Fact]
    public void A_missing_model_file_names_the_model_and_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir", "vad.onnx");
        var e = Assert.Throws<OrtModelException>(() => fixture.Runtime.Load(path));
        Assert.Equal(OrtErrorCode.NoSuchFile, e.Code);
        Assert.Equal("vad", e.Model);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("expected an ONNX model file", e.Message, StringComparison.Ordinal);
        StillWorks();
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void Truncated_or_corrupt_model_bytes_are_rejected_naming_the_model(string kind)
    {
        var good = File.ReadAllBytes(TestModels.SileroVad);
        var bytes = kind switch
        {
            "truncated" => good[..(good.Length / 2)],
            "garbage" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 >> 3))],
            _ => [],
        };
        using var dir = Repo.TempDir();
        var file = dir.File($"vad-{kind}.onnx");
        File.WriteAllBytes(file, bytes);

        var e = Assert.Throws<OrtModelException>(() => fixture.Runtime.Load(file));
        Assert.Equal($"vad-{kind}", e.Model);
        Assert.Contains("expected a valid ONNX model", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{bytes.Length} bytes", e.Message, StringComparison.Ordinal);
        Assert.NotEqual(OrtErrorCode.Ok, e.Code);

        var fromMemory = Assert.Throws<OrtModelException>(() => fixture.Runtime.Load(bytes, "vad-in-memory"));
        Assert.Contains("model 'vad-in-memory'", fromMemory.Message, StringComparison.Ordinal);
        StillWorks();
    }

    [Fact]
    public void A_wrong_input_element_type_names_the_input_and_both_types()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        using var runner = model.CreateRunner();
        var e = Assert.Throws<OrtModelException>(() => runner.Input<int>("input"));
        Assert.Equal("input", e.Tensor);
        Assert.Equal("element type float32", e.Expected);
        Assert.Equal("Int32 (int32)", e.Given);
        Assert.Contains("model 'silero_vad_v5', 'input'", e.Message, StringComparison.Ordinal);
        Assert.Throws<OrtModelException>(() => runner.Input<float>("sr"));
        StillWorks();
    }

    [Fact]
    public void A_wrong_input_shape_names_the_input_the_declared_shape_and_the_given_one()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        using var runner = model.CreateRunner();
        var fixedAxis = Assert.Throws<OrtModelException>(() => runner.SetInputShape("state", [3, 1, 128]));
        Assert.Equal("state", fixedAxis.Tensor);
        Assert.Contains("[3,1,128]", fixedAxis.Given, StringComparison.Ordinal);
        Assert.Contains("rank 3", fixedAxis.Expected, StringComparison.Ordinal);
        var rank = Assert.Throws<OrtModelException>(() => runner.SetInputShape("input", [512]));
        Assert.Equal("[512]", rank.Given);
        var zero = Assert.Throws<OrtModelException>(() => runner.SetInputShape("input", [1, 0]));
        Assert.Equal("[1,0]", zero.Given);
        var unknown = Assert.Throws<OrtModelException>(() => runner.SetInputShape("audio", [1, 512]));
        Assert.Contains("input, state, sr", unknown.Expected, StringComparison.Ordinal);
        var count = Assert.Throws<OrtModelException>(() => runner.SetInput<float>(0, new float[500], [1, 512]));
        Assert.Equal("500 elements", count.Given);
        StillWorks();
    }

    [Fact]
    public void A_shape_the_graph_cannot_compute_fails_the_run_naming_the_model_and_the_input_shapes_and_the_runner_recovers()
    {
        using var model = fixture.Runtime.Load(TestModels.OcrDetector, new ModelLoadOptions { Name = "det" });
        using var runner = model.CreateRunner();
        // DB upsamples by 2 four times and concatenates: a side that is not a multiple of 32 cannot line up.
        runner.SetInputShape(0, [1, 3, 33, 47]);
        var e = Assert.Throws<OrtModelException>(runner.Run);
        Assert.Equal("det", e.Model);
        Assert.Contains("x float32[1,3,33,47]", e.Expected, StringComparison.Ordinal);

        runner.SetInputShape(0, [1, 3, 64, 64]);
        runner.Run();
        Assert.Equal([1L, 1, 64, 64], runner.OutputShape(0).ToArray());
    }

    [Fact]
    public void An_unknown_execution_provider_names_the_provider_and_the_known_ones()
    {
        var e = Assert.Throws<OrtModelException>(() =>
            fixture.Runtime.Load(TestModels.SileroVad, new ModelLoadOptions { ExecutionProviders = ["Quantum", "CPU"] }));
        Assert.Equal("'Quantum'", e.Given);
        Assert.Contains("CPU, CUDA, TensorRT, XNNPACK", e.Expected, StringComparison.Ordinal);
        Assert.Throws<OrtModelException>(() => new OrtRuntime(new OnnxOptions { ExecutionProviders = ["Warp"] }));
        StillWorks();
    }

    [Fact]
    public void A_provider_this_machine_cannot_load_falls_back_to_cpu_and_says_so()
    {
        var logs = new RecordingLoggerFactory();
        var runtime = new OrtRuntime(new OnnxOptions { ExecutionProviders = ["TensorRT", "CUDA", "XNNPACK", "CPU"], IntraOpThreads = 1 }, logs);
        using var model = runtime.Load(TestModels.SileroVad);
        Assert.Equal(["CPU"], model.Providers);
        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToArray();
        // The package's CPU build has none of them: each is still asked for through SessionOptions (CUDA and TensorRT
        // through their V2 option objects, XNNPACK by name), and ONNX Runtime's own refusal is what the warning carries.
        foreach (var provider in new[] { "TensorRT", "CUDA", "XNNPACK" })
        {
            var warning = Assert.Single(warnings, w => w.Contains($"execution provider {provider} failed to attach", StringComparison.Ordinal));
            Assert.Contains("not in this ONNX Runtime build", warning, StringComparison.Ordinal);
            Assert.Contains($"[ErrorCode:", warning, StringComparison.Ordinal);
            Assert.Contains($"{provider} execution provider is not", warning, StringComparison.Ordinal);
        }
        using var vad = new SileroVadEncoder(model);
        Assert.InRange(vad.Process(new float[SileroVadEncoder.HopSamples]), 0f, 0.2f);
    }

    [Fact]
    public void A_model_that_breaks_its_manifest_contract_is_refused_naming_each_difference()
    {
        using var model0 = fixture.Runtime.Load(TestModels.SileroVad);
        Assert.Equal([-1L, -1, -1], model0.Contract.Outputs[1].Dimensions);
        var entry = new ModelEntry
        {
            Name = "silero-vad",
            Inputs =
            [
                new TensorContract { Name = "input", ElementType = "float32", Shape = [-1, -1] },
                new TensorContract { Name = "state", ElementType = "float16", Shape = [2, -1, 128] },
                new TensorContract { Name = "sr", ElementType = "int64", Shape = [] },
            ],
            Outputs = [new TensorContract { Name = "prob", ElementType = "float32", Shape = [-1, 1] }],
        };
        var e = Assert.Throws<OrtModelException>(() => fixture.Runtime.Load(TestModels.SileroVad, new ModelLoadOptions { Manifest = entry }));
        Assert.Equal("input 'state'", e.Tensor);
        Assert.Contains("input 'state' element type float16", e.Expected, StringComparison.Ordinal);
        Assert.Contains("output 'prob'", e.Expected, StringComparison.Ordinal);
        Assert.Contains("output 'stateN'", e.Given, StringComparison.Ordinal);

        entry.Inputs[1].ElementType = "float32";
        entry.Outputs = [new TensorContract { Name = "output", ElementType = "float32", Shape = [-1, 1] },
            new TensorContract { Name = "stateN", ElementType = "float32", Shape = [2, -1, 128] }];
        var shape = Assert.Throws<OrtModelException>(() => fixture.Runtime.Load(TestModels.SileroVad, new ModelLoadOptions { Manifest = entry }));
        Assert.Equal("output 'stateN'", shape.Tensor);
        Assert.Contains("output 'stateN' shape [2,-1,128]", shape.Expected, StringComparison.Ordinal);

        // The contract as the model really declares it (stateN's axes are all dynamic) is accepted.
        entry.Outputs[1].Shape = [.. model0.Contract.Outputs[1].Dimensions];
        using var model = fixture.Runtime.Load(TestModels.SileroVad, new ModelLoadOptions { Manifest = entry });
        Assert.Equal(2, model.Contract.Outputs.Count);
    }

    [Fact]
    public void Encoders_refuse_a_model_or_input_that_does_not_fit_them()
    {
        using var det = fixture.Runtime.Load(TestModels.OcrDetector, new ModelLoadOptions { Name = "det" });
        var notVad = Assert.Throws<OrtModelException>(() => new SileroVadEncoder(det));
        Assert.Equal("det", notVad.Model);
        Assert.Equal("input", notVad.Tensor);
        Assert.Equal("no such input", notVad.Given);

        using var rec = fixture.Runtime.Load(TestModels.OcrRecognizer, new ModelLoadOptions { Name = "rec" });
        var wrongDictionary = Assert.Throws<OrtModelException>(() => new TextRecognizer(rec, new CtcGreedyDecoder(["", "a", "b"])));
        Assert.Contains("[batch, steps, 3]", wrongDictionary.Expected, StringComparison.Ordinal);
        Assert.Contains("6625", wrongDictionary.Given, StringComparison.Ordinal);

        using var vadModel = fixture.Runtime.Load(TestModels.SileroVad);
        using var vad = new SileroVadEncoder(vadModel);
        var shortHop = Assert.Throws<OrtModelException>(() => vad.Process(new float[480]));
        Assert.Equal("480", shortHop.Given);
        StillWorks();
    }

    /// <summary>After the failure, the same process loads and runs the model normally.</summary>
    private void StillWorks()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        using var vad = new SileroVadEncoder(model);
        Assert.InRange(vad.Process(new float[SileroVadEncoder.HopSamples]), 0f, 0.2f);
    }
}
