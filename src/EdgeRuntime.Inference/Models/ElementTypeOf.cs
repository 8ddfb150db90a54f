using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Models;

/// <summary>The ONNX element type of a .NET element type; a constant per <typeparamref name="T"/> after JIT/AOT.</summary>
public static class ElementTypeOf<T> where T : unmanaged
{
    /// <summary>The element type, or <see cref="TensorElementType.DataTypeMax"/> for a type ONNX has no tensor of.</summary>
    public static readonly TensorElementType Value =
        typeof(T) == typeof(float) ? TensorElementType.Float
        : typeof(T) == typeof(byte) ? TensorElementType.UInt8
        : typeof(T) == typeof(sbyte) ? TensorElementType.Int8
        : typeof(T) == typeof(ushort) ? TensorElementType.UInt16
        : typeof(T) == typeof(short) ? TensorElementType.Int16
        : typeof(T) == typeof(int) ? TensorElementType.Int32
        : typeof(T) == typeof(long) ? TensorElementType.Int64
        : typeof(T) == typeof(bool) ? TensorElementType.Bool
        : typeof(T) == typeof(Half) ? TensorElementType.Float16
        : typeof(T) == typeof(double) ? TensorElementType.Double
        : typeof(T) == typeof(uint) ? TensorElementType.UInt32
        : typeof(T) == typeof(ulong) ? TensorElementType.UInt64
        : TensorElementType.DataTypeMax;
}
