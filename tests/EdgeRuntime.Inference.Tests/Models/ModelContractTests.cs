using EdgeRuntime.Inference.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Tests.Models;

public sealed class ModelContractTests(OrtFixture fixture) : IClassFixture<OrtFixture>
{
    [Fact]
    public void A_real_session_is_described_with_names_types_and_symbolic_dimensions()
    {
        using var model = fixture.Runtime.Load(TestModels.OcrRecognizer);
        var x = Assert.Single(model.Contract.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(OnnxValueType.ONNX_TYPE_TENSOR, x.ValueType);
        Assert.Equal(TensorElementType.Float, x.ElementType);
        Assert.Equal([-1L, 3, 48, -1], x.Dimensions);
        Assert.False(string.IsNullOrEmpty(x.SymbolicDimensions[3]));
        Assert.Equal(6625, Assert.Single(model.Contract.Outputs).Dimensions[2]);
        Assert.Matches(@"^x: float32\[[^,]+,3,48,[^,]+\]$", x.ToString());
    }
}
