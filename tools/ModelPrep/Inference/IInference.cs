using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Inference;

/// <summary>Run times and outputs of one inference request.</summary>
internal sealed record InferenceResult(IReadOnlyList<NamedTensor> Outputs, IReadOnlyList<double> Millis);

/// <summary>Runs ONNX models with ONNX Runtime (sessions cached per model and thread count).</summary>
internal interface IInference : IDisposable
{
    /// <summary>Which runtime answers, for the report.</summary>
    string Description { get; }

    /// <summary>
    /// Runs <paramref name="repeat"/> times; returns the last run's requested outputs (all outputs when null) and every run
    /// time. With <paramref name="optimize"/> false the session runs without graph optimizations (to read tensors that
    /// fusion would remove).
    /// </summary>
    InferenceResult Run(string model, int threads, IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputs = null, int repeat = 1, bool optimize = true);

    /// <summary>
    /// Runs <paramref name="warmup"/> + <paramref name="runs"/> times with ONNX Runtime's profiler on and returns the path of
    /// its JSON trace (written next to <paramref name="prefix"/>); see Validation/OpProfile.cs.
    /// </summary>
    string Profile(string model, int threads, IReadOnlyList<NamedTensor> inputs, int warmup, int runs, string prefix);

    /// <summary>Loads <paramref name="model"/> as a session the caller owns (for the daemon's own encoders, e.g. the OCR pipeline).</summary>
    EdgeRuntime.Inference.Models.OrtModel Load(string model, int threads);
}
