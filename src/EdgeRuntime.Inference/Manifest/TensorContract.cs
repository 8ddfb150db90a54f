namespace EdgeRuntime.Inference.Manifest;

/// <summary>
/// One input or output of a model as its manifest entry promises it; <c>OrtModel</c> checks the loaded model against it.
/// <code>{ "name": "x", "elementType": "float32", "shape": [-1, 3, -1, -1], "dimensionNames": ["N", "", "H", "W"] }</code>
/// </summary>
public sealed class TensorContract
{
    /// <summary>The graph input or output name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The element type: <c>float32</c>, <c>uint8</c>, <c>int8</c>, <c>int64</c>, <c>float16</c>, ...</summary>
    public string ElementType { get; set; } = "";

    /// <summary>The shape; -1 marks a dynamic axis. Must equal the model's declared shape axis by axis.</summary>
    public List<long> Shape { get; set; } = [];

    /// <summary>Optional axis names (symbolic dimensions), informational; not checked.</summary>
    public List<string>? DimensionNames { get; set; }
}
