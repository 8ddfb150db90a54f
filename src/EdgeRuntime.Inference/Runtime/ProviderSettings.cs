using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// The GPU execution providers' settings in the <c>Onnx</c> section, turned into the option pairs ONNX Runtime's
/// TensorRT and CUDA providers take (<c>OrtTensorRTProviderOptions.UpdateOptions</c>, <c>OrtCUDAProviderOptions.UpdateOptions</c>).
/// <code>
/// "Onnx": {
///   "TensorRT": {
///     "DeviceId": 0,
///     "Fp16": true,                               // build FP16 engines (Orin: about twice the FP32 speed)
///     "EngineCache": true,                        // keep built engines: the first start builds them (minutes), later starts load them
///     "EngineCachePath": "/var/lib/edge/trt-cache",
///     "TimingCache": true,                        // keep kernel timings: a rebuild after a model change is faster
///     "TimingCachePath": "",                      // empty = EngineCachePath
///     "MaxWorkspaceSize": 0                       // bytes TensorRT may use while building; 0 = ONNX Runtime's default
///   },
///   "CUDA": { "DeviceId": 0 }
/// }
/// </code>
/// Typed keys, so a misspelt one is an unknown key (exit 2 naming it) instead of a provider option ONNX Runtime would
/// reject only when a session is created, on the board.
/// </summary>
public static class ProviderSettings
{
    /// <summary>Reads <c>Onnx:TensorRT</c> and <c>Onnx:CUDA</c>; returns the option pairs per provider short name (only providers with settings).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Read(ConfigSection onnx, string home)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (TensorRt(onnx.Section("TensorRT"), home) is { Count: > 0 } trt)
        {
            result["TensorRT"] = trt;
        }
        var cuda = onnx.Section("CUDA");
        var cudaDevice = cuda.GetInt("DeviceId", 0, 0, 64);
        if (cudaDevice != 0)
        {
            result["CUDA"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["device_id"] = Invariant(cudaDevice) };
        }
        return result;
    }

    private static Dictionary<string, string> TensorRt(ConfigSection section, string home)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        var device = section.GetInt("DeviceId", 0, 0, 64);
        if (device != 0)
        {
            pairs["device_id"] = Invariant(device);
        }
        if (section.GetBool("Fp16", false))
        {
            pairs["trt_fp16_enable"] = "1";
        }
        var engineCache = section.GetBool("EngineCache", false);
        var enginePath = Folder(section, "EngineCachePath", home);
        if (engineCache)
        {
            if (enginePath is null)
            {
                section.Error("EngineCachePath", "", "a folder for the built engines when EngineCache is true (e.g. /var/lib/edge/trt-cache)");
            }
            pairs["trt_engine_cache_enable"] = "1";
            pairs["trt_engine_cache_path"] = enginePath ?? "";
        }
        var timingCache = section.GetBool("TimingCache", false);
        var timingPath = Folder(section, "TimingCachePath", home) ?? enginePath;
        if (timingCache)
        {
            if (timingPath is null)
            {
                section.Error("TimingCachePath", "", "a folder for the timing cache when TimingCache is true (or set EngineCachePath)");
            }
            pairs["trt_timing_cache_enable"] = "1";
            pairs["trt_timing_cache_path"] = timingPath ?? "";
        }
        var workspace = section.GetLong("MaxWorkspaceSize", 0, 0, long.MaxValue);
        if (workspace > 0)
        {
            pairs["trt_max_workspace_size"] = Invariant(workspace);
        }
        return pairs;
    }

    /// <summary>A folder path resolved against the home; it need not exist yet (TensorRT creates it on the first build).</summary>
    private static string? Folder(ConfigSection section, string name, string home)
    {
        var raw = section.GetString(name, "");
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var full = Path.GetFullPath(raw, home);
        if (File.Exists(full))
        {
            section.Error(name, raw, $"a folder (it is a file: {full})");
            return null;
        }
        return full;
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
