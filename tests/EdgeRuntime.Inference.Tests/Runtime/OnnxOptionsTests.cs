using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Inference.Tests.Runtime;

public sealed class OnnxOptionsTests
{
    private static (OnnxOptions Options, ConfigReader Reader) Read(params (string Key, string Value)[] values)
    {
        var reader = new ConfigReader(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Onnx:" + v.Key, v.Value))).Build());
        return (OnnxOptions.Read(reader.Section("Onnx"), "/opt/edge"), reader);
    }

    [Fact]
    public void Defaults_are_cpu_a_fair_share_of_threads_full_optimization_and_no_cache()
    {
        var (o, reader) = Read();
        reader.ThrowIfInvalid();
        Assert.Equal(["CPU"], o.ExecutionProviders);
        Assert.Equal(0, o.IntraOpThreads);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), o.EffectiveIntraOpThreads);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, o.GraphOptimization);
        Assert.Null(o.OptimizedModelCacheDir);
        Assert.Null(o.LibraryPath);
        Assert.False(o.AllowSpinning);
    }

    [Fact]
    public void Every_key_is_read_provider_names_are_canonicalised_and_relative_paths_resolve_against_home()
    {
        var (o, reader) = Read(("ExecutionProviders", "tensorrt, CUDAExecutionProvider ,cpu"), ("IntraOpThreads", "3"),
            ("GraphOptimization", "extended"), ("OptimizedModelCacheDir", "cache/ort"), ("AllowSpinning", "yes"));
        reader.ThrowIfInvalid();
        Assert.Equal(["TensorRT", "CUDA", "CPU"], o.ExecutionProviders);
        Assert.Equal(3, o.EffectiveIntraOpThreads);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_EXTENDED, o.GraphOptimization);
        Assert.Equal("/opt/edge/cache/ort", o.OptimizedModelCacheDir);
        Assert.True(o.AllowSpinning);
    }

    [Fact]
    public void Without_the_arena_only_the_models_named_in_ArenaModels_keep_theirs()
    {
        var (off, reader) = Read(("CpuMemArena", "false"), ("ArenaModels:0", "centernet"));
        reader.ThrowIfInvalid();
        Assert.True(off.KeepsArena("centernet"));
        Assert.False(off.KeepsArena("blazeface"));
        Assert.False(off.KeepsArena("CenterNet")); // manifest names, exactly

        var (on, onReader) = Read(("CpuMemArena", "true"));
        onReader.ThrowIfInvalid();
        Assert.Empty(on.ArenaModels);
        Assert.True(on.KeepsArena("blazeface"));
    }

    [Fact]
    public void Models_named_in_ExtendedModels_stop_at_Extended_and_never_go_above_the_configured_level()
    {
        var (o, reader) = Read(("ExtendedModels:0", "centernet"));
        reader.ThrowIfInvalid();
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_EXTENDED, o.OptimizationFor("centernet"));
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, o.OptimizationFor("blazeface"));

        var (basic, basicReader) = Read(("ExtendedModels:0", "centernet"), ("GraphOptimization", "Basic"));
        basicReader.ThrowIfInvalid();
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_BASIC, basic.OptimizationFor("centernet"));

        var (unset, unsetReader) = Read();
        unsetReader.ThrowIfInvalid();
        Assert.Equal(["centernet"], unset.ExtendedModels); // the default: what tests measure is what the daemon runs
        Assert.Equal(["centernet"], new OnnxOptions().ExtendedModels);

        var (none, noneReader) = Read(("ExtendedModels", ""));
        noneReader.ThrowIfInvalid();
        Assert.Empty(none.ExtendedModels);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, none.OptimizationFor("centernet"));
    }

    [Fact]
    public void Bad_values_are_all_reported_with_the_key_and_what_is_allowed()
    {
        var (_, reader) = Read(("ExecutionProviders", "CPU,Quantum"), ("IntraOpThreads", "many"), ("GraphOptimization", "max"),
            ("LibraryPath", "/nowhere/libonnxruntime.so.1"), ("Threads", "2"));
        var e = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        var text = e.Message;
        Assert.Contains("Onnx:ExecutionProviders = 'Quantum'", text, StringComparison.Ordinal);
        Assert.Contains("CPU, CUDA, TensorRT, XNNPACK, OpenVINO", text, StringComparison.Ordinal);
        Assert.Contains("Onnx:IntraOpThreads", text, StringComparison.Ordinal);
        Assert.Contains("Onnx:GraphOptimization", text, StringComparison.Ordinal);
        Assert.Contains("Onnx:LibraryPath", text, StringComparison.Ordinal);
        Assert.Contains("Onnx:Threads", text, StringComparison.Ordinal);
    }
}
