using EdgeRuntime.ModelPrep.Onnx;

namespace EdgeRuntime.ModelPrep.Tfjs;

/// <summary>
/// A tensor during conversion: its logical TensorFlow shape (NHWC for images), how it is stored in the ONNX graph
/// (<see cref="Nchw"/>: a rank-4 tensor kept channels-first), and, for constants, its data in that stored layout.
/// </summary>
internal sealed class TfValue
{
    /// <summary>ONNX tensor name; empty for a constant that no ONNX node consumed yet.</summary>
    public string Name { get; set; } = "";

    /// <summary>The name to give the constant's initializer when it is first used.</summary>
    public string ConstName { get; init; } = "";

    public required int[] Shape { get; init; }

    public required ElementType Type { get; init; }

    public bool Nchw { get; init; }

    public float[]? Floats { get; init; }

    public int[]? Ints { get; init; }

    public bool IsConst => Floats is not null || Ints is not null;

    /// <summary>The same tensor in the other layout, once a transpose was emitted (shared by all consumers).</summary>
    public TfValue? Other { get; set; }

    public int Rank => Shape.Length;

    /// <summary>Dims as stored in ONNX.</summary>
    public int[] StoredShape => Nchw ? [Shape[0], Shape[3], Shape[1], Shape[2]] : Shape;

    public int Count => Shape.Aggregate(1, (a, b) => a * b);

    public int ScalarInt() => Ints is { Length: 1 } i ? i[0] : throw new InvalidDataException($"'{ConstName}' is not an integer scalar");
}
