using System.Text.Json;
using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Inference.Tests.Runtime;

/// <summary>ONNX Runtime's per-node profiling through the binding (EnableProfiling, SessionEndProfiling).</summary>
public sealed class ProfilingTests(OrtFixture ort) : IClassFixture<OrtFixture>
{
    [Fact]
    public void A_profiled_model_writes_a_trace_with_one_event_per_run_and_timed_kernel_events_naming_their_op()
    {
        using var dir = Repo.TempDir();
        var prefix = Path.Combine(dir.Path, "silero");
        string trace;
        using (var model = ort.Runtime.Load(TestModels.SileroVad, new ModelLoadOptions { ProfilePrefix = prefix }))
        using (var vad = new SileroVadEncoder(model))
        {
            for (var i = 0; i < 3; i++) vad.Process(new float[SileroVadEncoder.HopSamples]);
            trace = model.EndProfiling();
            // Not recorded: profiling has ended.
            vad.Process(new float[SileroVadEncoder.HopSamples]);
        }

        Assert.StartsWith(prefix, trace, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllBytes(trace));
        var events = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, events.Count(e => e.GetProperty("name").GetString() == "model_run"));
        var kernels = events.Where(e => e.GetProperty("cat").GetString() == "Node" && e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(kernels);
        Assert.Contains(kernels, e => e.GetProperty("args").GetProperty("op_name").GetString() == "LSTM");
        Assert.All(kernels, e => Assert.True(e.GetProperty("dur").GetInt64() >= 0));
    }

    [Fact]
    public void Ending_profiling_on_a_model_loaded_without_it_returns_no_trace()
    {
        using var model = ort.Runtime.Load(TestModels.SileroVad);
        Assert.Equal("", model.EndProfiling());
    }
}
