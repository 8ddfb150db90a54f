using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Daemon.Configuration;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// hardware/profiles/jetson-orin-nano.json without a Jetson: it names JetPack's ONNX Runtime build and TensorRT (FP16,
/// engine and timing cache under /var/lib/edge) before CUDA and CPU; its settings bind; a misspelt provider setting is
/// one line naming the key (exit 2); and asking for TensorRT here falls back to CPU, saying why.
/// </summary>
public sealed class JetsonProfileTests
{
    private const string Profile = "jetson-orin-nano";
    private const string JetPackLibrary = "/opt/onnxruntime-gpu/lib/libonnxruntime.so";
    private static readonly string EdgeDll = typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location;

    /// <summary>This machine's CPU build (the package's), standing in for JetPack's so the rest of the profile can be read.</summary>
    private static readonly string CpuLibrary = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so");

    private static EdgeOptions Load(params string[] overrides) =>
        EdgeOptions.Load(EdgeConfiguration.Build(new ConfigurationSources(Repo.Root, null, Profile, overrides, new Dictionary<string, string?>())), Repo.Root);

    private static ProcessResult Edge(params string[] args) =>
        ProcessRunner.Run("dotnet", [EdgeDll, .. args], TimeSpan.FromSeconds(300),
            environment: new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root, ["EDGE_Output__Jsonl__Path"] = "" });

    [Fact]
    public void Without_JetPacks_library_the_profile_is_one_error_naming_the_key_and_the_file()
    {
        var e = Assert.Throws<ConfigurationValidationException>(() => Load());
        var error = Assert.Single(e.Errors);
        Assert.Equal("Onnx:LibraryPath", error.Key);
        Assert.Contains(JetPackLibrary, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_providers_and_the_TensorRT_settings_bind()
    {
        Assert.True(File.Exists(CpuLibrary), CpuLibrary);
        var onnx = Load($"Onnx:LibraryPath={CpuLibrary}").Onnx;
        Assert.Equal(["TensorRT", "CUDA", "CPU"], onnx.ExecutionProviders);
        var trt = onnx.ProviderOptions["TensorRT"];
        Assert.Equal("1", trt["trt_fp16_enable"]);
        Assert.Equal("1", trt["trt_engine_cache_enable"]);
        Assert.Equal("/var/lib/edge/trt-cache", trt["trt_engine_cache_path"]);
        Assert.Equal("1", trt["trt_timing_cache_enable"]);
        Assert.Equal("/var/lib/edge/trt-cache", trt["trt_timing_cache_path"]);
        Assert.False(onnx.ProviderOptions.ContainsKey("CUDA"));
    }

    [Fact]
    public void An_engine_cache_without_a_folder_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<ConfigurationValidationException>(() => Load($"Onnx:LibraryPath={CpuLibrary}", "Onnx:TensorRT:EngineCachePath="));
        Assert.Contains("Onnx:TensorRT:EngineCachePath", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_provider_setting_exits_2_with_one_line_naming_the_key()
    {
        var result = Edge("models", "bench", "--profile", Profile, "--set", $"Onnx:LibraryPath={CpuLibrary}", "--set", "Onnx:TensorRT:Fp61=true");
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StdErr.Split('\n'), l => l.Contains("Fp61", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("Onnx:TensorRT:Fp61", line, StringComparison.Ordinal);
        Assert.Contains("unknown key", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorRT_and_CUDA_fall_back_to_CPU_here_and_say_why()
    {
        var result = Edge("models", "bench", "--profile", Profile, "--set", $"Onnx:LibraryPath={CpuLibrary}", "--model", "blazeface", "--runs", "1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("execution provider TensorRT failed to attach", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("execution provider CUDA failed to attach", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("not in this ONNX Runtime build", result.StdErr, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^blazeface: .* on CPU\]$", result.StdOut);
    }
}
