namespace EdgeRuntime.Interop.Ort;

/// <summary>ONNX Runtime's <c>ONNXTensorElementDataType</c>.</summary>
public enum TensorElementType
{
    /// <summary>Not a known element type.</summary>
    Undefined = 0,
    /// <summary>32-bit float.</summary>
    Float = 1,
    /// <summary>Unsigned byte.</summary>
    UInt8 = 2,
    /// <summary>Signed byte.</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,
    /// <summary>String (not supported by the pooled buffers).</summary>
    String = 8,
    /// <summary>Boolean, one byte.</summary>
    Bool = 9,
    /// <summary>IEEE half.</summary>
    Float16 = 10,
    /// <summary>64-bit float.</summary>
    Double = 11,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,
    /// <summary>bfloat16.</summary>
    BFloat16 = 16,
}

/// <summary>ONNX Runtime's <c>ONNXType</c>: the kind of a graph value.</summary>
public enum OnnxValueType
{
    /// <summary>Unknown.</summary>
    Unknown = 0,
    /// <summary>A tensor.</summary>
    Tensor = 1,
    /// <summary>A sequence.</summary>
    Sequence = 2,
    /// <summary>A map.</summary>
    Map = 3,
    /// <summary>An opaque value.</summary>
    Opaque = 4,
    /// <summary>A sparse tensor.</summary>
    SparseTensor = 5,
    /// <summary>An optional value.</summary>
    Optional = 6,
}

/// <summary>ONNX Runtime's <c>OrtLoggingLevel</c>.</summary>
public enum OrtLoggingLevel
{
    /// <summary>Verbose.</summary>
    Verbose = 0,
    /// <summary>Informational.</summary>
    Info = 1,
    /// <summary>Warning.</summary>
    Warning = 2,
    /// <summary>Error.</summary>
    Error = 3,
    /// <summary>Fatal.</summary>
    Fatal = 4,
}

/// <summary>ONNX Runtime's <c>GraphOptimizationLevel</c>.</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No graph optimization.</summary>
    DisableAll = 0,
    /// <summary>Semantics-preserving node removals and constant folding.</summary>
    Basic = 1,
    /// <summary>Basic plus complex node fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout optimizations.</summary>
    All = 99,
}

/// <summary>Element sizes and names for <see cref="TensorElementType"/>.</summary>
public static class TensorElementTypes
{
    /// <summary>The size of one element in bytes (0 for strings and undefined).</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool => 1,
        TensorElementType.UInt16 or TensorElementType.Int16 or TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Double => 8,
        _ => 0,
    };

    /// <summary>The manifest spelling: <c>float32</c>, <c>uint8</c>, <c>int64</c>, ...</summary>
    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.String => "string",
        TensorElementType.Bool => "bool",
        TensorElementType.Float16 => "float16",
        TensorElementType.Double => "float64",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.UInt64 => "uint64",
        TensorElementType.BFloat16 => "bfloat16",
        _ => "undefined",
    };

    /// <summary>Parses the manifest spelling (also accepts <c>float</c> and <c>double</c>).</summary>
    public static bool TryParse(string? name, out TensorElementType type)
    {
        type = name?.Trim().ToLowerInvariant() switch
        {
            "float32" or "float" => TensorElementType.Float,
            "uint8" => TensorElementType.UInt8,
            "int8" => TensorElementType.Int8,
            "uint16" => TensorElementType.UInt16,
            "int16" => TensorElementType.Int16,
            "int32" => TensorElementType.Int32,
            "int64" => TensorElementType.Int64,
            "string" => TensorElementType.String,
            "bool" => TensorElementType.Bool,
            "float16" => TensorElementType.Float16,
            "float64" or "double" => TensorElementType.Double,
            "uint32" => TensorElementType.UInt32,
            "uint64" => TensorElementType.UInt64,
            "bfloat16" => TensorElementType.BFloat16,
            _ => TensorElementType.Undefined,
        };
        return type != TensorElementType.Undefined;
    }
}
