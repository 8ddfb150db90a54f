namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// The execution providers EdgeRuntime can ask for, by the short names used in configuration, with the names
/// ONNX Runtime reports from <c>GetAvailableProviders</c>.
/// </summary>
public static class ExecutionProviderCatalog
{
    private static readonly (string Short, string Native)[] s_known =
    [
        ("CPU", "CPUExecutionProvider"),
        ("CUDA", "CUDAExecutionProvider"),
        ("TensorRT", "TensorrtExecutionProvider"),
        ("XNNPACK", "XnnpackExecutionProvider"),
        ("OpenVINO", "OpenVINOExecutionProvider"),
        ("QNN", "QNNExecutionProvider"),
        ("CoreML", "CoreMLExecutionProvider"),
    ];

    /// <summary>The short names accepted in configuration.</summary>
    public static IEnumerable<string> KnownNames => s_known.Select(k => k.Short);

    /// <summary>Maps a configured name (case-insensitive, short or native) to its canonical short name.</summary>
    public static bool TryCanonical(string name, out string canonical)
    {
        foreach (var (s, n) in s_known)
        {
            if (string.Equals(s, name.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                canonical = s;
                return true;
            }
        }
        canonical = "";
        return false;
    }

    /// <summary>The name ONNX Runtime uses for a canonical short name.</summary>
    public static string NativeName(string shortName) =>
        s_known.First(k => string.Equals(k.Short, shortName, StringComparison.OrdinalIgnoreCase)).Native;

    /// <summary>The short name for a native provider name, or the native name itself when it is not in the catalog.</summary>
    public static string ShortName(string nativeName)
    {
        foreach (var (s, n) in s_known)
        {
            if (n == nativeName)
            {
                return s;
            }
        }
        return nativeName;
    }
}
