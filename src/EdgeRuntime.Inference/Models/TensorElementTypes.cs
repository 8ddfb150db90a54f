using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Models;

/// <summary>Element sizes and manifest spellings for ONNX Runtime's <see cref="TensorElementType"/>.</summary>
public static class TensorElementTypes
{
    private static readonly (TensorElementType Type, string Name, int Size)[] s_known =
    [
        (TensorElementType.Float, "float32", 4),
        (TensorElementType.UInt8, "uint8", 1),
        (TensorElementType.Int8, "int8", 1),
        (TensorElementType.UInt16, "uint16", 2),
        (TensorElementType.Int16, "int16", 2),
        (TensorElementType.Int32, "int32", 4),
        (TensorElementType.Int64, "int64", 8),
        (TensorElementType.String, "string", 0),
        (TensorElementType.Bool, "bool", 1),
        (TensorElementType.Float16, "float16", 2),
        (TensorElementType.Double, "float64", 8),
        (TensorElementType.UInt32, "uint32", 4),
        (TensorElementType.UInt64, "uint64", 8),
        (TensorElementType.BFloat16, "bfloat16", 2),
    ];

    /// <summary>The element types the manifest can name, in ONNX order.</summary>
    public static IEnumerable<TensorElementType> Known => s_known.Select(k => k.Type);

    /// <summary>The size of one element in bytes (0 for strings and types the pooled buffers do not hold).</summary>
    public static int SizeOf(TensorElementType type)
    {
        foreach (var k in s_known)
        {
            if (k.Type == type)
            {
                return k.Size;
            }
        }
        return 0;
    }

    /// <summary>The manifest spelling: <c>float32</c>, <c>uint8</c>, <c>int64</c>, ... (<c>undefined</c> for others).</summary>
    public static string Name(TensorElementType type)
    {
        foreach (var k in s_known)
        {
            if (k.Type == type)
            {
                return k.Name;
            }
        }
        return "undefined";
    }

    /// <summary>Parses the manifest spelling (also accepts <c>float</c> and <c>double</c>).</summary>
    public static bool TryParse(string? name, out TensorElementType type)
    {
        var n = name?.Trim().ToLowerInvariant() switch
        {
            "float" => "float32",
            "double" => "float64",
            var other => other,
        };
        foreach (var k in s_known)
        {
            if (k.Name == n)
            {
                type = k.Type;
                return true;
            }
        }
        type = default;
        return false;
    }
}
