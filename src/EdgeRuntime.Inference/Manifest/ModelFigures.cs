namespace EdgeRuntime.Inference.Manifest;

/// <summary>The pinned origin of a model: npm package, version, the files used, and the licence.</summary>
public sealed class ModelOrigin
{
    /// <summary>npm package name.</summary>
    public string Npm { get; set; } = "";

    /// <summary>Exact package version.</summary>
    public string Version { get; set; } = "";

    /// <summary>The files taken from the package, with their sha256.</summary>
    public List<OriginFile> Files { get; set; } = [];

    /// <summary>Licence of the package and of the model.</summary>
    public string Licence { get; set; } = "";
}

/// <summary>A file inside a source package.</summary>
public sealed class OriginFile
{
    /// <summary>Path inside the package.</summary>
    public string Path { get; set; } = "";

    /// <summary>Lower-case hex sha256.</summary>
    public string Sha256 { get; set; } = "";
}

/// <summary>What tools/ModelPrep measured for one model (validation on held-out data, size, cost, latency).</summary>
public sealed class ModelFigures
{
    /// <summary>The agreement metric against the float original (e.g. <c>recall of float detections at IoU 0.5</c>).</summary>
    public string Metric { get; set; } = "";

    /// <summary>The shipped model's value of <see cref="Metric"/>; null when it was not evaluated.</summary>
    public double? Value { get; set; }

    /// <summary>The target the value must reach.</summary>
    public double Target { get; set; }

    /// <summary>How the value was obtained (images, counts).</summary>
    public string? Detail { get; set; }

    /// <summary>File size in megabytes (10^6 bytes).</summary>
    public double SizeMb { get; set; }

    /// <summary>Weight parameters (elements of float or quantized initializers).</summary>
    public long Parameters { get; set; }

    /// <summary>Floating-point (or integer) operations of Conv/MatMul/Gemm for one run on the stated input, 2 per multiply-add.</summary>
    public long Flops { get; set; }

    /// <summary>The input the FLOPs and latency were measured on.</summary>
    public string? MeasuredInput { get; set; }

    /// <summary>Run times, float original and shipped model, on the machine that ran ModelPrep.</summary>
    public List<LatencyFigure> Latency { get; set; } = [];

    /// <summary>The INT8 candidate, when one was built: its figures, and why it was or was not shipped.</summary>
    public CandidateFigures? Int8Candidate { get; set; }

    /// <summary>The pruning step, when the recipe prunes.</summary>
    public PruningFigures? Pruning { get; set; }

    /// <summary>
    /// Where the run time goes, per op type of the graph ONNX Runtime runs (after its fusions), from its profiler: the
    /// shipped float model and the INT8 candidate, when the recipe asks for it; null otherwise.
    /// </summary>
    public List<OpTimeFigure>? OpProfile { get; set; }

    /// <summary>Which runtime and machine measured these figures.</summary>
    public string? MeasuredOn { get; set; }
}

/// <summary>The time one op type takes in one run of a model, from ONNX Runtime's per-node profile.</summary>
public sealed class OpTimeFigure
{
    /// <summary>The model, as in <see cref="LatencyFigure.Model"/> (e.g. <c>float32 pruned</c>, <c>int8</c>).</summary>
    public string Model { get; set; } = "";

    /// <summary>Intra-op threads.</summary>
    public int Threads { get; set; }

    /// <summary>The op type ONNX Runtime ran (e.g. <c>QLinearConv</c>, <c>ReorderOutput</c>), with <c>(depthwise)</c> for convolutions with group &gt; 1.</summary>
    public string OpType { get; set; } = "";

    /// <summary>Nodes of that type in the graph ONNX Runtime ran.</summary>
    public int Nodes { get; set; }

    /// <summary>Their summed kernel time per run, in milliseconds (mean over <see cref="Runs"/>).</summary>
    public double Ms { get; set; }

    /// <summary>Profiled runs (after warm-up).</summary>
    public int Runs { get; set; }
}

/// <summary>Median and 95th percentile run time at a thread count.</summary>
public sealed class LatencyFigure
{
    /// <summary>float32 (the original) or the shipped precision.</summary>
    public string Model { get; set; } = "";

    /// <summary>Intra-op threads.</summary>
    public int Threads { get; set; }

    /// <summary>Median run time in milliseconds.</summary>
    public double MedianMs { get; set; }

    /// <summary>95th percentile run time in milliseconds.</summary>
    public double P95Ms { get; set; }

    /// <summary>Timed runs (after warm-up).</summary>
    public int Runs { get; set; }
}

/// <summary>Figures of an INT8 candidate.</summary>
public sealed class CandidateFigures
{
    /// <summary>Its value of the agreement metric.</summary>
    public double Value { get; set; }

    /// <summary>How it was obtained.</summary>
    public string? Detail { get; set; }

    /// <summary>Whether it is the shipped file.</summary>
    public bool Shipped { get; set; }

    /// <summary>Why it was or was not shipped.</summary>
    public string Decision { get; set; } = "";

    /// <summary>Its size in megabytes.</summary>
    public double SizeMb { get; set; }

    /// <summary>Its run times.</summary>
    public List<LatencyFigure> Latency { get; set; } = [];

    /// <summary>The quantization recipe (calibration, activations, exclusions).</summary>
    public string? Recipe { get; set; }
}

/// <summary>Parameters and FLOPs before and after structured pruning.</summary>
public sealed class PruningFigures
{
    /// <summary>Parameters before.</summary>
    public long ParametersBefore { get; set; }

    /// <summary>Parameters after.</summary>
    public long ParametersAfter { get; set; }

    /// <summary>FLOPs before.</summary>
    public long FlopsBefore { get; set; }

    /// <summary>FLOPs after.</summary>
    public long FlopsAfter { get; set; }

    /// <summary>Channels removed as dead and by L1 norm.</summary>
    public string? Detail { get; set; }

    /// <summary>The L1 ratio: the fraction of each prunable layer's live channels removed by smallest filter L1 norm.</summary>
    public double L1Ratio { get; set; }

    /// <summary>Output channels of the prunable layers before pruning.</summary>
    public int PrunableChannels { get; set; }

    /// <summary>Channels removed because they never activate on the calibration set.</summary>
    public int DeadChannels { get; set; }

    /// <summary>Channels removed by L1 norm.</summary>
    public int L1Channels { get; set; }

    /// <summary>Per pruned layer, compactly: <c>name before&gt;after dDEAD lL1</c>, separated by "; ".</summary>
    public string? Layers { get; set; }

    /// <summary>The pruned float model's agreement with the float original (same metric as the model's), before any quantization.</summary>
    public double? FloatValue { get; set; }

    /// <summary>How <see cref="FloatValue"/> was obtained.</summary>
    public string? FloatDetail { get; set; }
}
