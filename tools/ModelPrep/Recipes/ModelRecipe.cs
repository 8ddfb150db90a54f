namespace EdgeRuntime.ModelPrep.Recipes;

/// <summary>How one model is prepared: its source, conversion contract, input normalization, pruning, quantization and target.</summary>
internal sealed record ModelRecipe
{
    public required string Name { get; init; }

    /// <summary>object-detection, face-detection, vad, text-detection, text-recognition.</summary>
    public required string Task { get; init; }

    /// <summary>Entry in models-quantized/sources.json.</summary>
    public required string Source { get; init; }

    /// <summary>For TF.js sources: the ONNX input name and (TF tensor, ONNX output name) pairs.</summary>
    public string InputName { get; init; } = "input";

    public IReadOnlyList<(string Tf, string Onnx)> Outputs { get; init; } = [];

    /// <summary>
    /// Outputs whose agreement with TF.js misses the 1e-3 absolute (convert --verify), each compared at 1e-3
    /// after dividing its error by the scale given here. Only for an output where float32 rounding alone exceeds 1e-3,
    /// with the measured absolute figure stated in docs/models.md and the recipe note as a miss of the letter.
    /// </summary>
    public IReadOnlyDictionary<string, double> ReferenceScaleExceptions { get; init; } = new Dictionary<string, double>();

    /// <summary>Image models: input size and layout; the tensor is RGB, value = pixel(0..255) * Scale + Offset.</summary>
    public int InputWidth { get; init; }

    public int InputHeight { get; init; }

    public string Layout { get; init; } = "NHWC";

    public float Scale { get; init; } = 1f;

    public float Offset { get; init; }

    /// <summary>Structured pruning: remove dead channels, then this fraction of the remaining prunable channels by L1 norm.</summary>
    public bool Prune { get; init; }

    public float PruneL1Ratio { get; init; }

    /// <summary>Layers (head Conv node names) exempt from L1 pruning; their dead channels are still removed.</summary>
    public IReadOnlyList<string> PruneKeepLayers { get; init; } = [];

    /// <summary>Fold each L1-removed channel's calibration mean into its consumers' biases (the least-squares constant in its place).</summary>
    public bool PruneCompensate { get; init; }

    /// <summary>Static INT8 QDQ quantization; false ships the float model.</summary>
    public bool Quantize { get; init; }

    /// <summary>Turn tensor Constant nodes into initializers before quantizing (see Graph/ConstantHoister).</summary>
    public bool HoistConstants { get; init; }

    /// <summary>
    /// Replace each If by the branch the first calibration input takes, before hoisting and quantizing (see
    /// Validation/IfInliner): the quantizer works on the top-level graph only. The result is that one path, fixed.
    /// </summary>
    public bool InlineIfs { get; init; }

    /// <summary>Cross-layer range equalization of depthwise → pointwise pairs before calibration (see Quantization/Equalizer).</summary>
    public bool Equalize { get; init; }

    /// <summary>Empirical bias correction in this many bands along the graph (see Quantization/BiasCorrection); 0: none.</summary>
    public int BiasCorrectionBands { get; init; }

    /// <summary>Activations uint8 asymmetric instead of int8.</summary>
    public bool ActivationsUInt8 { get; init; }

    /// <summary>minmax or percentile.</summary>
    public string Calibration { get; init; } = "minmax";

    public double Percentile { get; init; } = 99.999;

    /// <summary>Op types to quantize (default: <see cref="Quantization.QuantizeOptions.DefaultOpTypes"/>).</summary>
    public IReadOnlyList<string>? QuantizeOps { get; init; }

    public IReadOnlyList<string> ExcludeNodes { get; init; } = [];

    public IReadOnlyList<string> ExcludeOpTypes { get; init; } = [];

    /// <summary>This node and every node after it in graph order stay float (null: none).</summary>
    public string? FloatFrom { get; init; }

    /// <summary>
    /// Report where the run time goes: the per-op-type split (ONNX Runtime's profiler, 2 threads) of the float model the
    /// recipe falls back to and of the INT8 candidate, in the manifest and REPORT.md.
    /// </summary>
    public bool ProfileOps { get; init; }

    /// <summary>Agreement target of the shipped model against the float original (recall, agreement).</summary>
    public double Target { get; init; }

    /// <summary>Score threshold for detections counted by validation.</summary>
    public float ScoreThreshold { get; init; } = 0.3f;

    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Non-image models: the inputs of the latency and FLOPs run (name, shape, int64 or float), zero-filled except int64 scalars.</summary>
    public IReadOnlyList<(string Name, int[] Shape, bool Int64, long Value)> FixedInputs { get; init; } = [];

    /// <summary>Human-readable input normalization and layout for the manifest.</summary>
    public string Normalization { get; init; } = "";

    /// <summary>Why the recipe ships what it ships, when it is not the obvious pruned INT8 model.</summary>
    public string Note { get; init; } = "";
}
