using EdgeRuntime.Inference.Manifest;
using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>Per-model overrides of <see cref="OnnxOptions"/>, and the manifest entry to check the model against.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>The name used in logs and errors (default: the file name without extension).</summary>
    public string? Name { get; init; }

    /// <summary>Intra-op threads for this model (default: the runtime's setting).</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>Execution providers for this model, by short name (default: the runtime's list).</summary>
    public IReadOnlyList<string>? ExecutionProviders { get; init; }

    /// <summary>
    /// Provider options by short provider name, e.g. <c>["CUDA"] = { ["device_id"] = "0" }</c>; passed to CUDA and
    /// TensorRT through their V2 option objects and to the others through the generic append call.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ProviderOptions { get; init; }

    /// <summary>The graph optimization level for this model (default: the runtime's setting).</summary>
    public GraphOptimizationLevel? GraphOptimization { get; init; }

    /// <summary>
    /// When set, ONNX Runtime records the time of every node of every run into a JSON trace whose path starts with this
    /// prefix, until <see cref="Models.OrtModel.EndProfiling"/> returns the file. A measuring aid (tools/ModelPrep), not
    /// for production: each run then writes an event per node.
    /// </summary>
    public string? ProfilePrefix { get; init; }

    /// <summary>When set, the loaded model's inputs and outputs must match this entry's contract.</summary>
    public ModelEntry? Manifest { get; init; }
}
