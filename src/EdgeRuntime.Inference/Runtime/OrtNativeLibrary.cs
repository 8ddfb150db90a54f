using System.Reflection;
using System.Runtime.InteropServices;
using EdgeRuntime.Core.Hosting;
using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// Which libonnxruntime Microsoft.ML.OnnxRuntime binds to, and the one process-wide <see cref="OrtEnv"/> over it.
/// By default the library the package ships for this RID (beside a NativeAOT binary, or in <c>runtimes/&lt;rid&gt;/native/</c>
/// of a normal build); <c>Onnx:LibraryPath</c> (<see cref="Configure"/>) or <c>ORT_LIBRARY_PATH</c> selects another
/// build, such as a CUDA/TensorRT build on a Jetson.
/// </summary>
/// <remarks>
/// The package's own resolver is switched off (<see cref="OrtEnv.DisableDllImportResolver"/>) and replaced by one on
/// the Microsoft.ML.OnnxRuntime assembly that hands out the library loaded here, so a missing or unusable library is one
/// <see cref="DllNotFoundException"/> naming the file, raised before any ONNX Runtime type is touched. The managed API
/// asks the library for C API version <see cref="RequiredApiVersion"/>; an older library is refused the same way.
/// </remarks>
// Design: every static field is written under s_gate. s_handle is published (Volatile.Write) before the first call into
// ONNX Runtime, which happens later on the same thread in Load, so the resolver (called by the runtime on the thread that
// binds the first P/Invoke) reads a complete value with Volatile.Read. s_env, s_loadedFrom and s_version are written
// once and never change.
public static class OrtNativeLibrary
{
    /// <summary>The library name Microsoft.ML.OnnxRuntime imports.</summary>
    public const string LibraryName = "onnxruntime";

    /// <summary>The file the package ships for Linux.</summary>
    public const string FileName = "libonnxruntime.so";

    /// <summary>The environment variable that points at a specific libonnxruntime build.</summary>
    public const string PathEnvironmentVariable = "ORT_LIBRARY_PATH";

    /// <summary>
    /// The C API version Microsoft.ML.OnnxRuntime 1.32's managed API asks <c>OrtGetApiBase()->GetApi</c> for (read from its
    /// <c>NativeMethods</c> static constructor). ONNX Runtime 1.N provides API versions 1..N, so the oldest library it
    /// accepts is ONNX Runtime 1.31.
    /// </summary>
    public const int RequiredApiVersion = 31;

    private static readonly Lock s_gate = new();
    private static string? s_configuredPath;
    private static bool s_resolverInstalled;
    private static nint s_handle;
    private static string? s_loadedFrom;
    private static string? s_version;
    private static OrtEnv? s_env;

    // Kept alive for the life of the process: native code calls it through a function pointer.
    private static readonly DOrtLoggingFunction s_logFunction = OrtLogSink.OnLog;

    /// <summary>Sets an explicit library path; must be called before the library is first used.</summary>
    public static void Configure(string? libraryPath)
    {
        lock (s_gate)
        {
            var path = string.IsNullOrWhiteSpace(libraryPath) ? null : libraryPath;
            if (s_env is not null && path is not null && path != s_loadedFrom)
            {
                throw new InvalidOperationException($"ONNX Runtime was already loaded from '{s_loadedFrom}'; cannot switch to '{path}'.");
            }
            s_configuredPath = path;
        }
    }

    /// <summary>Where the library was loaded from (loads it on first use).</summary>
    public static string LoadedFrom
    {
        get
        {
            _ = Env;
            return s_loadedFrom!;
        }
    }

    /// <summary>The native library's version string, e.g. <c>1.32.0</c> (loads it on first use).</summary>
    public static string Version
    {
        get
        {
            _ = Env;
            return s_version!;
        }
    }

    /// <summary>The process-wide environment, created on first use with ONNX Runtime's log routed to <see cref="OrtLogSink"/>.</summary>
    /// <exception cref="DllNotFoundException">The library is missing, not loadable, or too old for the managed API.</exception>
    public static OrtEnv Env
    {
        get
        {
            var env = Volatile.Read(ref s_env);
            if (env is not null)
            {
                return env;
            }
            lock (s_gate)
            {
                return s_env ??= Load();
            }
        }
    }

    private static OrtEnv Load()
    {
        InstallResolver();
        var (handle, from) = LoadLibrary();
        Volatile.Write(ref s_handle, handle);
        try
        {
            var options = new EnvironmentCreationOptions
            {
                logId = "edge",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                loggingFunction = s_logFunction,
            };
            var env = OrtEnv.CreateInstanceWithOptions(ref options);
            s_version = env.GetVersionString();
            s_loadedFrom = from;
            return env;
        }
        catch (Exception e) when (e is TypeInitializationException or EntryPointNotFoundException or NullReferenceException)
        {
            throw new DllNotFoundException(
                $"cannot use ONNX Runtime at '{from}': Microsoft.ML.OnnxRuntime {typeof(OrtEnv).Assembly.GetName().Version?.ToString(3)} needs " +
                $"C API version {RequiredApiVersion} (ONNX Runtime 1.{RequiredApiVersion} or newer) ({Innermost(e).Message})", e);
        }
    }

    private static void InstallResolver()
    {
        if (s_resolverInstalled)
        {
            return;
        }
        OrtEnv.DisableDllImportResolver = true;
        NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, Resolve);
        s_resolverInstalled = true;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibraryName ? Volatile.Read(ref s_handle) : 0;

    private static (nint Handle, string From) LoadLibrary()
    {
        var (explicitPath, source) = s_configuredPath is not null
            ? (s_configuredPath, "Onnx:LibraryPath")
            : (Environment.GetEnvironmentVariable(PathEnvironmentVariable), PathEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            if (!File.Exists(full))
            {
                throw new DllNotFoundException($"cannot load ONNX Runtime from '{full}' ({source}): no such file");
            }
            return (LoadFile(full, source), full);
        }
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, FileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", EdgeHome.NativeRid, "native", FileName),
        ];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return (LoadFile(candidate, "Microsoft.ML.OnnxRuntime package"), candidate);
            }
        }
        if (NativeLibrary.TryLoad(LibraryName, typeof(OrtEnv).Assembly, null, out var handle))
        {
            return (handle, "the library search path");
        }
        throw new DllNotFoundException(
            $"cannot load ONNX Runtime: no {FileName} in {string.Join(" or ", candidates)} nor on the library search path; " +
            $"build with the Microsoft.ML.OnnxRuntime package or set Onnx:LibraryPath / {PathEnvironmentVariable}");
    }

    private static nint LoadFile(string path, string source)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new DllNotFoundException($"cannot load ONNX Runtime from '{path}' ({source}): {e.Message}", e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
