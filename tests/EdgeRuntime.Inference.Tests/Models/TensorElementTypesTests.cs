using EdgeRuntime.Inference.Models;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Tests.Models;

public sealed class TensorElementTypesTests
{
    [Fact]
    public void Manifest_names_round_trip_and_sizes_match_the_c_types()
    {
        foreach (var t in TensorElementTypes.Known)
        {
            Assert.True(TensorElementTypes.TryParse(TensorElementTypes.Name(t), out var back));
            Assert.Equal(t, back);
        }
        Assert.Equal(14, TensorElementTypes.Known.Count());
        Assert.Equal(4, TensorElementTypes.SizeOf(TensorElementType.Float));
        Assert.Equal(8, TensorElementTypes.SizeOf(TensorElementType.Int64));
        Assert.Equal(2, TensorElementTypes.SizeOf(TensorElementType.Float16));
        Assert.Equal(0, TensorElementTypes.SizeOf(TensorElementType.String));
        Assert.Equal(0, TensorElementTypes.SizeOf(TensorElementType.Complex64));
        Assert.Equal("undefined", TensorElementTypes.Name(TensorElementType.Complex64));
        Assert.True(TensorElementTypes.TryParse(" Float ", out var f));
        Assert.Equal(TensorElementType.Float, f);
        Assert.False(TensorElementTypes.TryParse("complex64", out _));
    }

    [Fact]
    public void The_dotnet_element_types_map_to_their_onnx_types_and_others_to_none()
    {
        Assert.Equal(TensorElementType.Float, ElementTypeOf<float>.Value);
        Assert.Equal(TensorElementType.Int64, ElementTypeOf<long>.Value);
        Assert.Equal(TensorElementType.UInt8, ElementTypeOf<byte>.Value);
        Assert.Equal(TensorElementType.Float16, ElementTypeOf<Half>.Value);
        Assert.Equal(TensorElementType.DataTypeMax, ElementTypeOf<decimal>.Value);
    }
}
