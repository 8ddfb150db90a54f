using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Tfjs;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>Each TF operator the converter knows, on a small graph, agrees with TF.js when the ONNX model runs in ONNX Runtime.</summary>
public sealed class ConverterOperatorTests(ConverterFixture fixture) : IClassFixture<ConverterFixture>
{
    public static TheoryData<string> Cases() => [.. OperatorCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Converted_operator_matches_tfjs_in_onnx_runtime(string name)
    {
        var c = OperatorCases.All.Single(x => x.Name == name);
        var dir = fixture.DirOf(name);
        var onnx = fixture.Onnx.Run(Path.Combine(dir, "model.onnx"), 1, [new NamedTensor("input", c.Graph.InputShape, fixture.Inputs[name])]).Outputs;
        var tf = TfOutputs(dir);
        Assert.Equal(c.Outputs.Length, onnx.Count);
        for (var i = 0; i < c.Outputs.Length; i++)
        {
            var expected = tf[i];
            var actual = onnx.Single(o => o.Name == $"out{i}");
            Assert.Equal(expected.Shape, actual.Shape);
            var worst = expected.Data.Zip(actual.Data, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0f).Max();
            Assert.True(worst <= 1e-4f, $"{name}: output {c.Outputs[i]} differs from TF.js by {worst}");
        }
    }

    [Fact]
    public void An_unknown_operator_fails_naming_the_operator_and_the_node()
    {
        var g = new TinyGraph([1, 2, 2, 1]);
        g.Op("my_softmax", "Softmax", ["x"]);
        using var dir = Repo.TempDir("modelprep-unsupported");
        var graph = TfjsReader.Read(g.Write(dir.Path));
        var e = Assert.Throws<UnsupportedOperatorException>(() => TfjsConverter.Convert(graph, new ConvertOptions("input", [("my_softmax", "y")], "test")));
        Assert.Equal("Softmax", e.Op);
        Assert.Equal("my_softmax", e.Node);
        Assert.Contains("Softmax", e.Message);
        Assert.Contains("my_softmax", e.Message);
    }

    [Fact]
    public void An_unsupported_fused_activation_fails_naming_the_node()
    {
        var g = new TinyGraph([1, 2, 2, 1]);
        g.Op("conv_elu", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 1, 1]), g.Floats("b", [1])], new System.Text.Json.Nodes.JsonObject
        {
            ["strides"] = TinyGraph.IntList(1, 1, 1, 1), ["padding"] = TinyGraph.Str("SAME"), ["fused_ops"] = TinyGraph.StrList("BiasAdd", "Elu"),
        });
        using var dir = Repo.TempDir("modelprep-unsupported");
        var graph = TfjsReader.Read(g.Write(dir.Path));
        var e = Assert.Throws<UnsupportedOperatorException>(() => TfjsConverter.Convert(graph, new ConvertOptions("input", [("conv_elu", "y")], "test")));
        Assert.Equal("conv_elu", e.Node);
        Assert.Contains("Elu", e.Message);
    }

    private static List<NamedTensor> TfOutputs(string dir)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "tfjs", "outputs.json")));
        return [.. doc.RootElement.GetProperty("outputs").EnumerateArray().Select(o => new NamedTensor(
            o.GetProperty("name").GetString()!, [.. o.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())],
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "tfjs", o.GetProperty("file").GetString()!))).ToArray()))];
    }
}
