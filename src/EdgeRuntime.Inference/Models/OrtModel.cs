using EdgeRuntime.Inference.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Models;

/// <summary>
/// One loaded model: an ONNX Runtime <see cref="InferenceSession"/>, its <see cref="Contract"/>, and the execution
/// providers it runs on. Runs go through <see cref="OrtRunner"/>s made by <see cref="CreateRunner"/>.
/// </summary>
/// <remarks>
/// Thread-safety contract: <see cref="Contract"/>, <see cref="Providers"/> and <see cref="CreateRunner"/> may be used
/// from any thread at any time, and runs on different runners of the same model may execute concurrently (ONNX Runtime's
/// <c>Run</c> is thread-safe per session). One runner is used by one thread at a time. <see cref="Dispose"/> may be
/// called while runners exist: the session is released when the last runner is disposed.
/// </remarks>
// Design: everything but the reference count is immutable after construction. _sharedRefs counts the model itself plus
// each live runner (Interlocked); whoever drops it to zero disposes the session, so Dispose on the model never frees a
// session a runner on another thread is still running.
public sealed class OrtModel : IDisposable
{
    private readonly InferenceSession _session;
    private int _disposed;
    private int _sharedRefs = 1;

    private OrtModel(string name, InferenceSession session, ModelContract contract, IReadOnlyList<string> providers, ILogger logger)
    {
        Name = name;
        _session = session;
        Contract = contract;
        Providers = providers;
        Logger = logger;
    }

    /// <summary>The model's name in logs and errors.</summary>
    public string Name { get; }

    /// <summary>Inputs and outputs as the graph declares them.</summary>
    public ModelContract Contract { get; }

    /// <summary>The execution providers attached, in priority order; CPU is always last.</summary>
    public IReadOnlyList<string> Providers { get; }

    internal ILogger Logger { get; }

    internal InferenceSession Session => _session;

    /// <summary>A runner with its own pooled input and output tensors. Thread-safe; each runner is single-threaded.</summary>
    public OrtRunner CreateRunner()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new OrtRunner(this);
    }

    internal static OrtModel Create(OrtRuntime runtime, string name, byte[] bytes, string? path, ModelLoadOptions options)
    {
        var origin = path is null ? $"{bytes.Length} bytes from memory" : $"'{path}' ({bytes.Length} bytes)";
        var cachePath = runtime.OptimizedCachePath(name, bytes, options);
        InferenceSession? session = null;
        IReadOnlyList<string>? providers = null;
        if (cachePath is not null && File.Exists(cachePath))
        {
            (session, providers) = TryLoadCached(runtime, name, cachePath, options);
        }
        if (session is null)
        {
            var (so, attached) = runtime.BuildSessionOptions(name, options, null);
            using (so)
            {
                if (cachePath is not null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(cachePath)!);
                    so.OptimizedModelFilePath = cachePath;
                }
                try
                {
                    session = new InferenceSession(bytes, so);
                }
                catch (OnnxRuntimeException e)
                {
                    throw new OrtModelException(OrtErrorCodes.Of(e), name, null, "a valid ONNX model", origin + " that ONNX Runtime rejects", e);
                }
            }
            providers = attached;
        }
        try
        {
            var contract = new ModelContract(session);
            if (options.Manifest is { } entry)
            {
                var problems = ContractCheck.Compare(contract, entry);
                if (problems.Count > 0)
                {
                    var first = problems[0];
                    throw new OrtModelException(OrtErrorCode.InvalidGraph, name, first.Tensor,
                        $"the manifest's contract: {string.Join("; ", problems.Select(p => $"{p.Tensor} {p.Expected}"))}",
                        $"a model with {string.Join("; ", problems.Select(p => $"{p.Tensor} {p.Given}"))}");
                }
            }
            runtime.Logger.LogInformation("Model {Model} loaded from {Origin} on {Providers}: {Contract}", name, origin, string.Join(", ", providers!), contract);
            return new OrtModel(name, session, contract, providers!, runtime.Logger);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops the profiling that <see cref="ModelLoadOptions.ProfilePrefix"/> started and returns the path of the JSON
    /// trace ONNX Runtime wrote (Chrome trace events: one per node per run, and one per run). Call it when no run is in
    /// progress; runs after it are not recorded.
    /// </summary>
    public string EndProfiling()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _session.EndProfiling();
    }

    private static (InferenceSession?, IReadOnlyList<string>?) TryLoadCached(OrtRuntime runtime, string name, string cachePath, ModelLoadOptions options)
    {
        // Already optimized: loading it with optimization off is what saves the start-up time.
        var (so, attached) = runtime.BuildSessionOptions(name, options, GraphOptimizationLevel.ORT_DISABLE_ALL);
        using (so)
        {
            try
            {
                var session = new InferenceSession(cachePath, so);
                runtime.Logger.LogDebug("Model {Model}: using the optimized model cached at {Path}", name, cachePath);
                return (session, attached);
            }
            catch (OnnxRuntimeException e)
            {
                // A cache file cut short by a crash or written by another build: drop it and optimize again.
                runtime.Logger.LogWarning("Model {Model}: ignoring unusable optimized-model cache {Path}: {Error}", name, cachePath, e.Message);
                File.Delete(cachePath);
                return (null, null);
            }
        }
    }

    /// <summary>The session is released once this and every runner are disposed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        ReleaseShared();
    }

    internal void AddSharedRef() => Interlocked.Increment(ref _sharedRefs);

    internal void ReleaseShared()
    {
        if (Interlocked.Decrement(ref _sharedRefs) == 0)
        {
            _session.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Contract})";
}
