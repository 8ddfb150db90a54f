using System.Diagnostics;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.ModelPrep.Reference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.ModelPrep.Inference;

/// <summary>
/// ONNX Runtime through the daemon's own inference layer (<see cref="OrtRuntime"/>, <see cref="OrtModel"/>, <see cref="OrtRunner"/>),
/// so calibration, validation and latency figures come from the code path the daemon runs. Sessions are cached per
/// model file (path and write time) and thread count; spinning is off, as in the daemon's default.
/// </summary>
internal sealed class OrtInference : IInference
{
    private readonly OrtRuntime _runtime = new(new OnnxOptions { IntraOpThreads = 1 });
    private readonly Dictionary<(string, DateTime, int, bool), (OrtModel Model, OrtRunner Runner)> _sessions = [];

    public string Description => $"ONNX Runtime {OrtRuntime.Version} CPU (Microsoft.ML.OnnxRuntime through EdgeRuntime.Inference)";

    public InferenceResult Run(string model, int threads, IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputs = null, int repeat = 1, bool optimize = true)
    {
        var runner = Runner(model, threads, optimize);
        SetInputs(runner, inputs);
        var millis = new double[repeat];
        for (var i = 0; i < repeat; i++)
        {
            var started = Stopwatch.GetTimestamp();
            runner.Run();
            millis[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var specs = runner.Model.Contract.Outputs;
        var wanted = outputs is null ? specs : [.. outputs.Select(o => specs.FirstOrDefault(s => s.Name == o) ?? throw new KeyNotFoundException($"{Path.GetFileName(model)} has no output '{o}'"))];
        var result = new List<NamedTensor>(wanted.Count);
        foreach (var spec in wanted)
        {
            var shape = runner.OutputShape(spec.Index).ToArray().Select(d => (int)d).ToArray();
            result.Add(new NamedTensor(spec.Name, shape, ToFloats(runner, spec)) { Type = TensorElementTypes.Name(spec.ElementType) });
        }
        return new InferenceResult(result, millis);
    }

    public string Profile(string model, int threads, IReadOnlyList<NamedTensor> inputs, int warmup, int runs, string prefix)
    {
        // A session of its own: the cached ones do not profile, and this one's trace ends with it.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(prefix))!);
        using var loaded = _runtime.Load(Path.GetFullPath(model), new ModelLoadOptions
        {
            IntraOpThreads = threads, Name = Path.GetFileNameWithoutExtension(model), ProfilePrefix = prefix,
        });
        using (var runner = loaded.CreateRunner())
        {
            SetInputs(runner, inputs);
            for (var i = 0; i < warmup + runs; i++) runner.Run();
        }
        return loaded.EndProfiling();
    }

    private static void SetInputs(OrtRunner runner, IReadOnlyList<NamedTensor> inputs)
    {
        foreach (var t in inputs)
        {
            var index = runner.InputIndex(t.Name);
            var shape = t.Shape.Select(d => (long)d).ToArray();
            if (t.Int64Data is { } longs) runner.SetInput<long>(index, longs, shape);
            else runner.SetInput<float>(index, t.Data, shape);
        }
    }

    private static float[] ToFloats(OrtRunner runner, TensorSpec spec) => spec.ElementType switch
    {
        TensorElementType.Float => runner.Output<float>(spec.Index).ToArray(),
        TensorElementType.Int64 => [.. runner.Output<long>(spec.Index).ToArray().Select(v => (float)v)],
        TensorElementType.Int32 => [.. runner.Output<int>(spec.Index).ToArray().Select(v => (float)v)],
        TensorElementType.UInt8 or TensorElementType.Bool => [.. runner.Output<byte>(spec.Index).ToArray().Select(v => (float)v)],
        TensorElementType.Int8 => [.. runner.Output<sbyte>(spec.Index).ToArray().Select(v => (float)v)],
        _ => [],
    };

    public OrtModel Load(string model, int threads) =>
        _runtime.Load(Path.GetFullPath(model), new ModelLoadOptions { IntraOpThreads = threads, Name = Path.GetFileNameWithoutExtension(model) });

    private OrtRunner Runner(string model, int threads, bool optimize)
    {
        var path = Path.GetFullPath(model);
        var key = (path, File.GetLastWriteTimeUtc(path), threads, optimize);
        if (_sessions.TryGetValue(key, out var s)) return s.Runner;
        foreach (var stale in _sessions.Keys.Where(k => k.Item1 == path && k.Item3 == threads && k.Item4 == optimize).ToList())
        {
            _sessions[stale].Runner.Dispose();
            _sessions[stale].Model.Dispose();
            _sessions.Remove(stale);
        }
        var loaded = _runtime.Load(path, new ModelLoadOptions
        {
            IntraOpThreads = threads, Name = Path.GetFileNameWithoutExtension(path),
            GraphOptimization = optimize ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
        });
        var runner = loaded.CreateRunner();
        _sessions[key] = (loaded, runner);
        return runner;
    }

    public void Dispose()
    {
        foreach (var (model, runner) in _sessions.Values)
        {
            runner.Dispose();
            model.Dispose();
        }
        _sessions.Clear();
        _runtime.Dispose();
    }
}
