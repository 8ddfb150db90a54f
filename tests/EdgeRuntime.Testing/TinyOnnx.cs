using System.Text;

namespace EdgeRuntime.Testing;

/// <summary>
/// Writes minimal, valid ONNX models byte by byte (protobuf wire format, no ONNX library needed): one element-wise node
/// from an input to an output of the same shape. Used to test binding paths the shipped models do not reach (fixed and
/// symbolic output shapes) and to measure per-call overhead with next to no compute.
/// </summary>
public static class TinyOnnx
{
    /// <summary>ONNX element type codes used here.</summary>
    public const int Float = 1, Int64 = 7;

    /// <summary>A float32 model <c>y = op(x)</c>; a dimension is a size (&gt;= 0) or a symbolic name (string).</summary>
    public static byte[] Unary(string op, params object[] shape) => Node(op, Float, shape, Float, shape);

    /// <summary>A model <c>y = op(x)</c> with its own input and output element types and shapes.</summary>
    public static byte[] Node(string op, int inputType, object[] inputShape, int outputType, object[] outputShape)
    {
        var node = Concat(Str(1, "x"), Str(2, "y"), Str(4, op));
        var graph = Concat(Msg(1, node), Str(2, "tiny"), Msg(11, ValueInfo("x", inputType, inputShape)), Msg(12, ValueInfo("y", outputType, outputShape)));
        return Concat(Varint(1, 8), Msg(7, graph), Msg(8, Varint(2, 13)));
    }

    private static byte[] ValueInfo(string name, int elementType, object[] shape)
    {
        var dims = shape.Select(d => Msg(1, d is string s ? Str(2, s) : Varint(1, Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        var tensor = Concat(Varint(1, elementType), Msg(2, Concat(dims)));
        return Concat(Str(1, name), Msg(2, Msg(1, tensor)));
    }

    private static byte[] Varint(int field, long value) => Concat(Key(field, 0), Raw((ulong)value));

    private static byte[] Str(int field, string value) => Msg(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Msg(int field, byte[] payload) => Concat(Key(field, 2), Raw((ulong)payload.Length), payload);

    private static byte[] Key(int field, int wire) => Raw((ulong)(field << 3 | wire));

    private static byte[] Raw(ulong v)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
