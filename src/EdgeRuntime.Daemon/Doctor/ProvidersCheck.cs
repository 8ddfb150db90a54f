using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// ONNX Runtime and its execution providers: the native library loads (the configured one, else the package's), and
/// every provider named in <c>Onnx:ExecutionProviders</c> attaches here (what <c>edge version</c> probes). A configured
/// provider that does not attach would make every model fall back to the next one, finally CPU: a failure, since the
/// board then runs far slower than configured.
/// </summary>
internal sealed class ProvidersCheck(OnnxOptions options) : IDoctorCheck
{
    /// <inheritdoc />
    public string Name => "providers";

    /// <inheritdoc />
    public CheckResult Run()
    {
        IReadOnlyList<ExecutionProviderStatus> providers;
        string library;
        try
        {
            OrtNativeLibrary.Configure(options.LibraryPath);
            library = $"ONNX Runtime {OrtNativeLibrary.Version}";
            using var runtime = new OrtRuntime(options);
            providers = runtime.ProbeExecutionProviders();
        }
        catch (Exception e) when (e is DllNotFoundException or InvalidOperationException)
        {
            return CheckResult.Fail(Name, "ONNX Runtime cannot be loaded: " + e.Message,
                "set Onnx:LibraryPath (or ORT_LIBRARY_PATH) to a libonnxruntime.so of version 1.31 or newer, or unset it to use the packaged one");
        }
        var usable = providers.Where(p => p.Usable).Select(p => p.Name).ToList();
        var fallBack = options.ExecutionProviders
            .Where(name => !providers.Any(p => p.Usable && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            .Select(name => providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } p ? $"{name} ({p.Detail})" : $"{name} (unknown to this build)")
            .ToList();
        var configured = string.Join(", ", options.ExecutionProviders);
        if (fallBack.Count > 0)
        {
            return CheckResult.Fail(Name, $"{library}: configured {string.Join(", ", fallBack)} would fall back to {string.Join(", ", usable)}",
                "point Onnx:LibraryPath at an ONNX Runtime build with that provider (Jetson: docs/inference.md), or list only providers that attach in Onnx:ExecutionProviders");
        }
        return CheckResult.Pass(Name, $"{library}: configured {configured} attach (usable here: {string.Join(", ", usable)})");
    }
}
