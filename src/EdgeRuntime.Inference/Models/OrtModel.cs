using System.Runtime.InteropServices;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.Interop.Ort;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Inference.Models;

/// <summary>
/// One loaded model: an ONNX Runtime session, its <see cref="Contract"/>, and the execution providers it runs on.
/// Runs go through <see cref="OrtRunner"/>s made by <see cref="CreateRunner"/>.
/// </summary>
/// <remarks>
/// Thread-safety contract: <see cref="Contract"/>, <see cref="Providers"/> and <see cref="CreateRunner"/> may be used
/// from any thread at any time, and runs on different runners of the same model may execute concurrently (ONNX Runtime's
/// <c>Run</c> is thread-safe per session). One runner is used by one thread at a time. <see cref="Dispose"/> may be
/// called while runners exist: the session is released when the last runner is disposed.
/// </remarks>
// Design: everything but the reference counts is immutable after construction. _sharedRefs counts the model itself plus
// each live runner (Interlocked); the native names and memory info are freed by whoever drops it to zero. The session
// handle is kept alive the same way through SafeHandle.DangerousAddRef/DangerousRelease taken by each runner, so
// Dispose on the model never frees a session a runner on another thread is still running.
public sealed unsafe class OrtModel : IDisposable
{
    private readonly OrtSessionHandle _session;
    private readonly byte** _inputNames;
    private readonly byte** _outputNames;
    private int _disposed;
    private int _sharedRefs = 1;

    private OrtModel(string name, OrtSessionHandle session, ModelContract contract, IReadOnlyList<string> providers, ILogger logger)
    {
        Name = name;
        _session = session;
        Contract = contract;
        Providers = providers;
        Logger = logger;
        MemoryInfo = OrtMemoryInfoHandle.CreateCpu();
        _inputNames = NativeNames(contract.Inputs);
        _outputNames = NativeNames(contract.Outputs);
    }

    /// <summary>The model's name in logs and errors.</summary>
    public string Name { get; }

    /// <summary>Inputs and outputs as the graph declares them.</summary>
    public ModelContract Contract { get; }

    /// <summary>The execution providers attached, in priority order; CPU is always last.</summary>
    public IReadOnlyList<string> Providers { get; }

    internal ILogger Logger { get; }

    internal OrtSessionHandle Session => _session;

    internal OrtMemoryInfoHandle MemoryInfo { get; }

    internal byte** InputNames => _inputNames;

    internal byte** OutputNames => _outputNames;

    /// <summary>A runner with its own pooled input and output tensors. Thread-safe; each runner is single-threaded.</summary>
    public OrtRunner CreateRunner(RunnerBinding binding = RunnerBinding.IoBinding)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new OrtRunner(this, binding);
    }

    internal static OrtModel Create(OrtRuntime runtime, string name, ReadOnlySpan<byte> bytes, string? path, ModelLoadOptions options)
    {
        var origin = path is null ? $"{bytes.Length} bytes from memory" : $"'{path}' ({bytes.Length} bytes)";
        var cachePath = runtime.OptimizedCachePath(name, bytes, options);
        OrtSessionHandle? session = null;
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
                    fixed (byte* p = OrtStrings.ToUtf8Z(cachePath))
                    {
                        OrtStatus.Check(OrtApi.Instance.SetOptimizedModelFilePath(so.Pointer, p), name);
                    }
                }
                try
                {
                    session = OrtSessionNative.CreateFromBytes(runtime.Env, bytes, so);
                }
                catch (OrtException e)
                {
                    throw new OrtModelException(e.Code, name, null, "a valid ONNX model", origin + " that ONNX Runtime rejects", e);
                }
            }
            providers = attached;
        }
        try
        {
            var contract = new ModelContract(OrtSessionNative.Describe(session, inputs: true), OrtSessionNative.Describe(session, inputs: false));
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
        byte* path;
        OrtStatus.Check(OrtApi.Instance.SessionEndProfiling(_session.Pointer, OrtAllocator.Default, &path), Name);
        return OrtStrings.TakeFromDefaultAllocator(path);
    }

    private static (OrtSessionHandle?, IReadOnlyList<string>?) TryLoadCached(OrtRuntime runtime, string name, string cachePath, ModelLoadOptions options)
    {
        // Already optimized: loading it with optimization off is what saves the start-up time.
        var (so, attached) = runtime.BuildSessionOptions(name, options, GraphOptimizationLevel.DisableAll);
        using (so)
        {
            try
            {
                var session = OrtSessionNative.CreateFromFile(runtime.Env, cachePath, so);
                runtime.Logger.LogDebug("Model {Model}: using the optimized model cached at {Path}", name, cachePath);
                return (session, attached);
            }
            catch (OrtException e)
            {
                // A cache file cut short by a crash or written by another build: drop it and optimize again.
                runtime.Logger.LogWarning("Model {Model}: ignoring unusable optimized-model cache {Path}: {Error}", name, cachePath, e.Message);
                File.Delete(cachePath);
                return (null, null);
            }
        }
    }

    private static byte** NativeNames(IReadOnlyList<TensorSpec> specs)
    {
        var names = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, specs.Count), (nuint)sizeof(nint));
        for (var i = 0; i < specs.Count; i++)
        {
            names[i] = OrtStrings.ToNativeUtf8Z(specs[i].Name);
        }
        return names;
    }

    /// <summary>The session is released once this and every runner are disposed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Runners hold a reference on the session handle (DangerousAddRef), so ReleaseSession waits for the last one.
        _session.Dispose();
        // Names and memory info are read by runners; they are freed with the session's last reference (see ReleaseShared).
        ReleaseShared();
    }

    internal void AddSharedRef() => Interlocked.Increment(ref _sharedRefs);

    internal void ReleaseShared()
    {
        if (Interlocked.Decrement(ref _sharedRefs) != 0)
        {
            return;
        }
        for (var i = 0; i < Contract.Inputs.Count; i++)
        {
            OrtStrings.FreeNative(_inputNames[i]);
        }
        for (var i = 0; i < Contract.Outputs.Count; i++)
        {
            OrtStrings.FreeNative(_outputNames[i]);
        }
        NativeMemory.Free(_inputNames);
        NativeMemory.Free(_outputNames);
        MemoryInfo.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Contract})";
}
