using System.Security.Cryptography;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Interop.Ort;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// The process's ONNX Runtime: the one <c>OrtEnv</c> (with ONNX Runtime's log routed to Microsoft.Extensions.Logging),
/// the available execution providers, and the factory for <see cref="OrtModel"/>s with session options built from
/// <see cref="OnnxOptions"/>.
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called concurrently. <c>OrtEnv</c> is a process-wide singleton in ONNX Runtime,
/// so it is created once and kept for the life of the process; several <see cref="OrtRuntime"/> instances share it (the
/// last one created receives its log messages).
/// </remarks>
// Design: s_env is created once under s_envGate and never released (ONNX Runtime keeps one environment per process).
// Instance fields are immutable after the constructor; BuildSessionOptions only reads them, so loads may run concurrently.
public sealed class OrtRuntime : IDisposable
{
    private static readonly Lock s_envGate = new();
    private static OrtEnvHandle? s_env;

    private readonly ILogger _logger;
    private readonly HashSet<string> _available;

    /// <summary>Loads the library (honouring <see cref="OnnxOptions.LibraryPath"/>) and creates or joins the environment.</summary>
    public OrtRuntime(OnnxOptions options, ILoggerFactory? loggerFactory = null)
    {
        Options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("EdgeRuntime.Inference.OnnxRuntime");
        if (options.LibraryPath is not null)
        {
            OrtLibrary.Configure(options.LibraryPath);
        }
        foreach (var p in options.ExecutionProviders)
        {
            CanonicalProvider(p, "runtime");
        }
        Env = SharedEnv(_logger);
        AvailableProviders = OrtProviders.GetAvailable();
        _available = [.. AvailableProviders];
        _logger.LogInformation("ONNX Runtime {Version} from {Path}; available execution providers: {Providers}",
            OrtLibrary.Version, OrtLibrary.LoadedFrom, string.Join(", ", AvailableProviders));
    }

    /// <summary>The options this runtime applies to every model.</summary>
    public OnnxOptions Options { get; }

    /// <summary>The native library's version string.</summary>
    public static string Version => OrtLibrary.Version;

    /// <summary>Execution providers compiled into the loaded library, as ONNX Runtime names them.</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    internal OrtEnvHandle Env { get; }

    /// <summary>
    /// Which available providers can actually be attached here (a build lists providers whose own libraries may be
    /// missing, as the npm CPU build does for CUDA and TensorRT).
    /// </summary>
    public IReadOnlyList<ExecutionProviderStatus> ProbeExecutionProviders() => ExecutionProviderProbe.Probe();

    internal ILogger Logger => _logger;

    /// <summary>Loads a model file. Throws <see cref="OrtModelException"/> naming the model for a missing or unreadable file.</summary>
    public OrtModel Load(string path, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var name = options.Name ?? Path.GetFileNameWithoutExtension(path);
        if (!File.Exists(path))
        {
            throw new OrtModelException(OrtErrorCode.NoSuchFile, name, null, "an ONNX model file", $"'{Path.GetFullPath(path)}', which does not exist");
        }
        return OrtModel.Create(this, name, File.ReadAllBytes(path), path, options);
    }

    /// <summary>Loads a model from its bytes (copied by ONNX Runtime; the array may be reused afterwards).</summary>
    public OrtModel Load(ReadOnlySpan<byte> model, string name, ModelLoadOptions? options = null) =>
        OrtModel.Create(this, name, model, null, (options ?? new ModelLoadOptions()) with { Name = name });

    /// <summary>
    /// Builds session options for one model: threads, optimization level, spinning, and execution providers in the
    /// configured order. A provider missing from the build, or failing to attach, is logged and skipped; CPU is always
    /// the final fallback. Returns the providers actually attached, CPU last.
    /// </summary>
    internal unsafe (OrtSessionOptionsHandle Options, IReadOnlyList<string> Providers) BuildSessionOptions(string model, ModelLoadOptions options, GraphOptimizationLevel? levelOverride)
    {
        var api = OrtApi.Instance;
        var so = OrtSessionOptionsHandle.Create();
        try
        {
            var threads = options.IntraOpThreads is > 0 ? options.IntraOpThreads.Value : Options.EffectiveIntraOpThreads;
            OrtStatus.Check(api.SetIntraOpNumThreads(so.Pointer, threads), model);
            OrtStatus.Check(api.SetInterOpNumThreads(so.Pointer, 1), model);
            OrtStatus.Check(api.SetSessionGraphOptimizationLevel(so.Pointer, (int)(levelOverride ?? options.GraphOptimization ?? Options.GraphOptimization)), model);
            AddConfigEntry(so, "session.intra_op.allow_spinning", Options.AllowSpinning ? "1" : "0", model);
            if (options.ProfilePrefix is { } prefix)
            {
                // ORTCHAR_T is char on Linux and macOS: a UTF-8 path.
                fixed (byte* p = OrtStrings.ToUtf8Z(prefix))
                {
                    OrtStatus.Check(api.EnableProfiling(so.Pointer, p), model);
                }
            }
            if (!Options.CpuMemArena)
            {
                OrtStatus.Check(api.DisableCpuMemArena(so.Pointer), model);
            }
            if (!Options.MemPattern)
            {
                OrtStatus.Check(api.DisableMemPattern(so.Pointer), model);
            }
            // The session's own severity filter: its messages reach the environment's sink (and so our logger) at this level.
            OrtStatus.Check(api.SetSessionLogSeverityLevel(so.Pointer, (int)OrtLogSink.LevelFor(_logger)), model);
            fixed (byte* id = OrtStrings.ToUtf8Z(model))
            {
                OrtStatus.Check(api.SetSessionLogId(so.Pointer, id), model);
            }
            var attached = new List<string>();
            foreach (var requested in options.ExecutionProviders ?? Options.ExecutionProviders)
            {
                var provider = CanonicalProvider(requested, model);
                if (provider == "CPU")
                {
                    break;
                }
                var native = ExecutionProviderCatalog.NativeName(provider);
                if (!_available.Contains(native))
                {
                    _logger.LogWarning("Model {Model}: execution provider {Provider} is not in this ONNX Runtime build (available: {Available}); falling back",
                        model, provider, string.Join(", ", AvailableProviders));
                    continue;
                }
                IReadOnlyDictionary<string, string> providerOptions = options.ProviderOptions?.GetValueOrDefault(provider) ?? new Dictionary<string, string>();
                try
                {
                    ProviderAppender.Append(so, provider, providerOptions);
                    attached.Add(provider);
                }
                catch (OrtException e)
                {
                    _logger.LogWarning("Model {Model}: execution provider {Provider} failed to attach ({Error}); falling back", model, provider, e.Message);
                }
            }
            attached.Add("CPU");
            return (so, attached);
        }
        catch
        {
            so.Dispose();
            throw;
        }
    }

    internal static unsafe void AddConfigEntry(OrtSessionOptionsHandle so, string key, string value, string model)
    {
        fixed (byte* k = OrtStrings.ToUtf8Z(key))
        fixed (byte* v = OrtStrings.ToUtf8Z(value))
        {
            OrtStatus.Check(OrtApi.Instance.AddSessionConfigEntry(so.Pointer, k, v), model);
        }
    }

    /// <summary>Where the optimized form of a model is cached, or null when caching is off.</summary>
    internal string? OptimizedCachePath(string model, ReadOnlySpan<byte> bytes, ModelLoadOptions options)
    {
        if (Options.OptimizedModelCacheDir is not { } dir)
        {
            return null;
        }
        // The optimized graph depends on the source bytes, the level and the providers (layouts are hardware-specific).
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var level = (int)(options.GraphOptimization ?? Options.GraphOptimization);
        var providers = string.Join("+", options.ExecutionProviders ?? Options.ExecutionProviders);
        var safe = string.Concat(model.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return Path.Combine(dir, $"{safe}-{hash}-o{level}-{providers}.onnx");
    }

    private static string CanonicalProvider(string requested, string model) =>
        ExecutionProviderCatalog.TryCanonical(requested, out var canonical)
            ? canonical
            : throw new OrtModelException(OrtErrorCode.InvalidArgument, model, null,
                "an execution provider from " + string.Join(", ", ExecutionProviderCatalog.KnownNames), $"'{requested}'");

    private static unsafe OrtEnvHandle SharedEnv(ILogger logger)
    {
        OrtLogSink.Attach(logger);
        lock (s_envGate)
        {
            if (s_env is null)
            {
                var env = new OrtEnvHandle();
                nint p;
                fixed (byte* id = OrtStrings.ToUtf8Z("edge"))
                {
                    OrtStatus.Check(OrtApi.Instance.CreateEnvWithCustomLogger(OrtLogSink.FunctionPointer, 0, (int)OrtLogSink.LevelFor(logger), id, &p));
                }
                env.Attach(p);
                s_env = env;
            }
            return s_env;
        }
    }

    /// <summary>Nothing to release per runtime: the environment lives as long as the process (see remarks).</summary>
    public void Dispose()
    {
    }
}
