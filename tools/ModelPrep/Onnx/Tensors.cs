using System.Buffers.Binary;
using System.Runtime.InteropServices;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using Google.Protobuf;

namespace EdgeRuntime.ModelPrep.Onnx;

/// <summary>Builds and reads TensorProto values. Data goes into raw_data, little-endian, as the specification asks.</summary>
internal static class Tensors
{
    public static TensorProto Float(string name, long[] dims, ReadOnlySpan<float> values) =>
        Make(name, dims, ElementType.Float, MemoryMarshal.AsBytes(values));

    public static TensorProto Int64(string name, long[] dims, ReadOnlySpan<long> values) =>
        Make(name, dims, ElementType.Int64, MemoryMarshal.AsBytes(values));

    public static TensorProto Int32(string name, long[] dims, ReadOnlySpan<int> values) =>
        Make(name, dims, ElementType.Int32, MemoryMarshal.AsBytes(values));

    public static TensorProto Int8(string name, long[] dims, ReadOnlySpan<sbyte> values) =>
        Make(name, dims, ElementType.Int8, MemoryMarshal.AsBytes(values));

    public static TensorProto UInt8(string name, long[] dims, ReadOnlySpan<byte> values) =>
        Make(name, dims, ElementType.UInt8, values);

    public static TensorProto Bool(string name, long[] dims, ReadOnlySpan<bool> values) =>
        Make(name, dims, ElementType.Bool, MemoryMarshal.AsBytes(values));

    private static TensorProto Make(string name, long[] dims, ElementType type, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this tool runs on little-endian hosts only");
        }
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }

    public static long Count(TensorProto t)
    {
        long n = 1;
        foreach (var d in t.Dims) n *= d;
        return n;
    }

    public static float[] ToFloats(TensorProto t)
    {
        switch ((ElementType)t.DataType)
        {
            case ElementType.Float:
                if (!t.RawData.IsEmpty) return MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
                return [.. t.FloatData];
            case ElementType.Float16:
                {
                    var result = new float[Count(t)];
                    if (!t.RawData.IsEmpty)
                    {
                        var raw = t.RawData.Span;
                        for (var i = 0; i < result.Length; i++) result[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]));
                    }
                    else
                    {
                        for (var i = 0; i < result.Length; i++) result[i] = (float)BitConverter.UInt16BitsToHalf((ushort)t.Int32Data[i]);
                    }
                    return result;
                }
            default:
                throw new InvalidDataException($"tensor '{t.Name}': expected float data, got data type {t.DataType}");
        }
    }

    public static long[] ToInt64s(TensorProto t)
    {
        switch ((ElementType)t.DataType)
        {
            case ElementType.Int64:
                return !t.RawData.IsEmpty ? MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : [.. t.Int64Data];
            case ElementType.Int32:
                return !t.RawData.IsEmpty ? [.. MemoryMarshal.Cast<byte, int>(t.RawData.Span).ToArray().Select(v => (long)v)] : [.. t.Int32Data.Select(v => (long)v)];
            default:
                throw new InvalidDataException($"tensor '{t.Name}': expected integer data, got data type {t.DataType}");
        }
    }
}
