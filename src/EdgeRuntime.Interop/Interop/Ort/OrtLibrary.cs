using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Ort;

/// <summary>
/// The loaded ONNX Runtime native library. The library exports a single entry point,
/// <c>OrtGetApiBase</c>; everything else is reached through the function table it returns.
/// </summary>
/// <remarks>
/// The library is loaded on first use. <c>ORT_LIBRARY_PATH</c> (or <see cref="Configure"/>, fed from the
/// <c>Onnx:LibraryPath</c> setting) selects another build, such as a CUDA/TensorRT build on a Jetson.
/// </remarks>
public static unsafe class OrtLibrary
{
    /// <summary>The file name of the shared library.</summary>
    public const string FileName = "libonnxruntime.so.1";

    /// <summary>The environment variable that points at a specific libonnxruntime build.</summary>
    public const string PathEnvironmentVariable = "ORT_LIBRARY_PATH";

    private static readonly Lock s_gate = new();
    private static string? s_configuredPath;
    private static nint s_apiBase;
    private static string? s_loadedFrom;

    /// <summary>Sets an explicit library path; must be called before the library is first used.</summary>
    public static void Configure(string? libraryPath)
    {
        lock (s_gate)
        {
            if (s_apiBase != 0 && libraryPath is not null && libraryPath != s_loadedFrom)
            {
                throw new InvalidOperationException($"ONNX Runtime was already loaded from '{s_loadedFrom}'; cannot switch to '{libraryPath}'.");
            }
            s_configuredPath = string.IsNullOrWhiteSpace(libraryPath) ? null : libraryPath;
        }
    }

    /// <summary>Where the library was loaded from (after first use).</summary>
    public static string? LoadedFrom => s_loadedFrom;

    /// <summary>The <c>OrtApiBase*</c>: slot 0 <c>GetApi(uint32_t)</c>, slot 1 <c>GetVersionString()</c>.</summary>
    public static nint ApiBase
    {
        get
        {
            if (s_apiBase != 0)
            {
                return s_apiBase;
            }
            lock (s_gate)
            {
                if (s_apiBase == 0)
                {
                    var explicitPath = s_configuredPath ?? Environment.GetEnvironmentVariable(PathEnvironmentVariable);
                    var handle = NativeLibraryLocator.Load(FileName, explicitPath, out var from);
                    if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
                    {
                        throw new EntryPointNotFoundException($"'{from}' does not export OrtGetApiBase: not an ONNX Runtime library.");
                    }
                    var apiBase = ((delegate* unmanaged<nint>)getApiBase)();
                    s_loadedFrom = from;
                    Volatile.Write(ref s_apiBase, apiBase); // published after the table pointer is read
                }
                return s_apiBase;
            }
        }
    }

    /// <summary>The native library's version string, e.g. <c>1.22.0</c>.</summary>
    public static string Version
    {
        get
        {
            var getVersionString = ((nint*)ApiBase)[1];
            return Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)getVersionString)()) ?? "";
        }
    }
}
