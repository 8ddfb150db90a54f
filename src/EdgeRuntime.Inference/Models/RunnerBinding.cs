namespace EdgeRuntime.Inference.Models;

/// <summary>How an <see cref="OrtRunner"/> hands its pooled values to ONNX Runtime. Both copy nothing and allocate nothing per run.</summary>
public enum RunnerBinding
{
    /// <summary>
    /// An <c>OrtIoBinding</c> holds the inputs and outputs; it is re-bound only when a value changes (a dynamic dimension
    /// changed) and each run is <c>RunWithBinding</c>, so ONNX Runtime does not match names to graph inputs on every call.
    /// Runs that must let ONNX Runtime allocate an output (learning its shape) use <c>Run</c>.
    /// </summary>
    IoBinding,

    /// <summary>Every run is <c>Run</c> with the bound name and value arrays; outputs are preallocated.</summary>
    Run,
}
