using System.Security.Cryptography;
using EdgeRuntime.Inference.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// The process's ONNX Runtime through Microsoft.ML.OnnxRuntime: the one <see cref="OrtEnv"/> (with ONNX Runtime's log
/// routed to Microsoft.Extensions.Logging), the available execution providers, and the factory for
/// <see cref="OrtModel"/>s with session options built from <see cref="OnnxOptions"/>.
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called concurrently. <c>OrtEnv</c> is a process-wide singleton in ONNX Runtime,
/// so it is created once (<see cref="OrtNativeLibrary.Env"/>) and kept for the life of the process; several
/// <see cref="OrtRuntime"/> instances share it (the last one created receives its log messages).
/// </remarks>
// Design: the environment belongs to OrtNativeLibrary (created once under its lock, never released). Instance fields are
// immutable after the constructor; BuildSessionOptions only reads them, so loads may run concurrently.
public sealed class OrtRuntime : IDisposable
{
    private readonly ILogger _logger;

    /// <summary>Loads the library (honouring <see cref="OnnxOptions.LibraryPath"/>) and creates or joins the environment.</summary>
    /// <exception cref="DllNotFoundException">The native library is missing, not loadable, or too old.</exception>
    public OrtRuntime(OnnxOptions options, ILoggerFactory? loggerFactory = null)
    {
        Options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("EdgeRuntime.Inference.OnnxRuntime");
        if (options.LibraryPath is not null)
        {
            OrtNativeLibrary.Configure(options.LibraryPath);
        }
        foreach (var p in options.ExecutionProviders)
        {
            CanonicalProvider(p, "runtime");
        }
        OrtLogSink.Attach(_logger);
        var env = OrtNativeLibrary.Env;
        AvailableProviders = env.GetAvailableProviders();
        _logger.LogInformation("ONNX Runtime {Version} from {Path}; available execution providers: {Providers}",
            OrtNativeLibrary.Version, OrtNativeLibrary.LoadedFrom, string.Join(", ", AvailableProviders));
    }

    /// <summary>The options this runtime applies to every model.</summary>
    public OnnxOptions Options { get; }

    /// <summary>The native library's version string (loads the library on first use).</summary>
    public static string Version => OrtNativeLibrary.Version;

    /// <summary>Where the native library was loaded from (loads it on first use).</summary>
    public static string LoadedFrom => OrtNativeLibrary.LoadedFrom;

    /// <summary>Execution providers compiled into the loaded library, as ONNX Runtime names them.</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    /// <summary>
    /// Which providers can actually be attached here: those the library lists (a build can list providers whose own
    /// libraries are missing) and those configuration can name (with ONNX Runtime's reason when they cannot).
    /// </summary>
    public IReadOnlyList<ExecutionProviderStatus> ProbeExecutionProviders() => ExecutionProviderProbe.Probe(AvailableProviders);

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
    public OrtModel Load(byte[] model, string name, ModelLoadOptions? options = null) =>
        OrtModel.Create(this, name, model, null, (options ?? new ModelLoadOptions()) with { Name = name });

    /// <summary>
    /// Builds session options for one model: threads, optimization level, spinning, and execution providers in the
    /// configured order. A provider failing to attach (not in the build, or its library or driver missing) is logged
    /// with ONNX Runtime's reason and skipped; CPU is always the final fallback. Returns the providers actually attached,
    /// CPU last.
    /// </summary>
    internal (SessionOptions Options, IReadOnlyList<string> Providers) BuildSessionOptions(string model, ModelLoadOptions options, GraphOptimizationLevel? levelOverride)
    {
        var so = new SessionOptions();
        try
        {
            so.IntraOpNumThreads = options.IntraOpThreads is > 0 ? options.IntraOpThreads.Value : Options.EffectiveIntraOpThreads;
            so.InterOpNumThreads = 1;
            so.GraphOptimizationLevel = levelOverride ?? options.GraphOptimization ?? Options.OptimizationFor(model);
            so.AddSessionConfigEntry("session.intra_op.allow_spinning", Options.AllowSpinning ? "1" : "0");
            if (options.ProfilePrefix is { } prefix)
            {
                // In this order: enabling passes the prefix set at that moment to ONNX Runtime.
                so.ProfileOutputPathPrefix = prefix;
                so.EnableProfiling = true;
            }
            so.EnableCpuMemArena = Options.KeepsArena(model);
            so.EnableMemoryPattern = Options.MemPattern;
            // The session's own severity filter: its messages reach the environment's sink (and so our logger) at this level.
            so.LogSeverityLevel = OrtLogSink.LevelFor(_logger);
            so.LogId = model;
            var attached = new List<string>();
            foreach (var requested in options.ExecutionProviders ?? Options.ExecutionProviders)
            {
                var provider = CanonicalProvider(requested, model);
                if (provider == "CPU")
                {
                    break;
                }
                IReadOnlyDictionary<string, string> providerOptions = options.ProviderOptions?.GetValueOrDefault(provider)
                    ?? Options.ProviderOptions.GetValueOrDefault(provider) ?? new Dictionary<string, string>();
                try
                {
                    ProviderAppender.Append(so, provider, providerOptions);
                    attached.Add(provider);
                }
                catch (OnnxRuntimeException e)
                {
                    var native = ExecutionProviderCatalog.NativeName(provider);
                    var listed = AvailableProviders.Contains(native) ? "" : $" (not in this ONNX Runtime build, which has {string.Join(", ", AvailableProviders)})";
                    _logger.LogWarning("Model {Model}: execution provider {Provider} failed to attach{Listed}: {Error}; falling back",
                        model, provider, listed, e.Message);
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

    /// <summary>Where the optimized form of a model is cached, or null when caching is off.</summary>
    internal string? OptimizedCachePath(string model, ReadOnlySpan<byte> bytes, ModelLoadOptions options)
    {
        if (Options.OptimizedModelCacheDir is not { } dir)
        {
            return null;
        }
        // The optimized graph depends on the source bytes, the level and the providers (layouts are hardware-specific).
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var level = (int)(options.GraphOptimization ?? Options.OptimizationFor(model));
        var providers = string.Join("+", options.ExecutionProviders ?? Options.ExecutionProviders);
        var safe = string.Concat(model.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return Path.Combine(dir, $"{safe}-{hash}-o{level}-{providers}.onnx");
    }

    private static string CanonicalProvider(string requested, string model) =>
        ExecutionProviderCatalog.TryCanonical(requested, out var canonical)
            ? canonical
            : throw new OrtModelException(OrtErrorCode.InvalidArgument, model, null,
                "an execution provider from " + string.Join(", ", ExecutionProviderCatalog.KnownNames), $"'{requested}'");

    /// <summary>Nothing to release per runtime: the environment lives as long as the process (see remarks).</summary>
    public void Dispose()
    {
    }
}
