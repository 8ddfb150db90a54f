using EdgeRuntime.ModelPrep.Graph;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Quantization;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The graph passes that prepare the PP-OCR exports for quantization, on small graphs run by ONNX Runtime.</summary>
public sealed class GraphPassTests
{
    private static ModelProto Model(GraphProto graph, long opset)
    {
        var model = new ModelProto { IrVersion = opset >= 13 ? 8 : 5, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    private static NodeProto Constant(string output, TensorProto value) =>
        Nodes.Make("Constant", output + "/constant", [], [output], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = value });

    /// <summary>x[1,4] → MatMul(x, W) → Add(·, B) → y[1,3], with W and B in Constant nodes (as paddle2onnx writes them).</summary>
    private static ModelProto ConstantWeights()
    {
        var random = new Random(5);
        var graph = new GraphProto { Name = "constants" };
        graph.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [1, 4]));
        graph.Output.Add(Nodes.TensorInfo("y", ElementType.Float, [1, 3]));
        graph.Node.Add(Constant("w", Tensors.Float("", [4, 3], [.. Enumerable.Range(0, 12).Select(_ => (float)random.NextDouble() - 0.5f)])));
        graph.Node.Add(Constant("b", Tensors.Float("", [3], [0.25f, -1f, 2f])));
        graph.Node.Add(Nodes.Make("MatMul", "matmul", ["x", "w"], ["m"]));
        graph.Node.Add(Nodes.Make("Add", "add", ["m", "b"], ["y"]));
        return Model(graph, 13);
    }

    private static float[] Run(IInference inference, ModelProto model, string path, IReadOnlyList<NamedTensor> input)
    {
        OnnxFile.Save(model, path);
        return inference.Run(path, 1, input).Outputs[0].Data;
    }

    [Fact]
    public void Hoisting_constants_into_initializers_keeps_the_outputs_and_lets_the_quantizer_see_the_matmul_weight()
    {
        using var dir = Repo.TempDir("hoist");
        using var inference = new OrtInference();
        var model = ConstantWeights();
        var hoisted = ConstantHoister.Hoist(model, out var count);

        Assert.Equal(2, count);
        Assert.DoesNotContain(hoisted.Graph.Node, n => n.OpType == "Constant");
        Assert.Equal(["b", "w"], hoisted.Graph.Initializer.Select(t => t.Name).Order());
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "Constant"));
        IReadOnlyList<NamedTensor> input = [new NamedTensor("x", [1, 4], [1f, -2f, 0.5f, 3f])];
        Assert.Equal(Run(inference, model, Path.Combine(dir.Path, "a.onnx"), input), Run(inference, hoisted, Path.Combine(dir.Path, "b.onnx"), input));

        var options = new QuantizeOptions { OpTypes = new HashSet<string>(["MatMul"], StringComparer.Ordinal) };
        var ranges = Calibrator.Collect(inference, hoisted, QdqQuantizer.CalibrationTensors(hoisted, options), [input], "minmax", 100, dir.Path);
        var quantized = QdqQuantizer.Quantize(hoisted, ranges, options, out var summary);
        Assert.Equal(1, summary.QuantizedByOp["MatMul"]);
        Assert.Contains(quantized.Graph.Initializer, t => t.DataType == (int)ElementType.Int8 && Tensors.Count(t) == 12);
    }

    [Fact]
    public void Raising_an_opset_9_graph_to_13_moves_clip_slice_and_squeeze_attributes_into_inputs_and_keeps_the_outputs()
    {
        using var dir = Repo.TempDir("opset");
        using var inference = new OrtInference();
        var graph = new GraphProto { Name = "opset9" };
        graph.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [1, 2, 5]));
        graph.Output.Add(Nodes.TensorInfo("y", ElementType.Float, [2, 3]));
        graph.Node.Add(Nodes.Make("Clip", "clip", ["x"], ["c"], Nodes.Float("min", 0f), Nodes.Float("max", 6f)));
        graph.Node.Add(Nodes.Make("Slice", "slice", ["c"], ["s"], Nodes.Ints("axes", [2]), Nodes.Ints("starts", [1]), Nodes.Ints("ends", [4])));
        graph.Node.Add(Nodes.Make("Squeeze", "squeeze", ["s"], ["q"], Nodes.Ints("axes", [0])));
        graph.Node.Add(Nodes.Make("Softmax", "softmax", ["q"], ["y"], Nodes.Int("axis", 1)));
        var model = Model(graph, 9);

        var upgraded = OpsetUpgrader.Upgrade(model, out var from);

        Assert.Equal(9, from);
        Assert.Equal(13, upgraded.OpsetImport.Single().Version);
        Assert.All(upgraded.Graph.Node.Where(n => n.OpType != "Softmax"), n => Assert.Empty(n.Attribute));
        IReadOnlyList<NamedTensor> input = [new NamedTensor("x", [1, 2, 5], [-1f, 2f, 7f, 3f, 0.5f, 9f, -4f, 1f, 5.5f, 2f])];
        var before = Run(inference, model, Path.Combine(dir.Path, "9.onnx"), input);
        var after = Run(inference, upgraded, Path.Combine(dir.Path, "13.onnx"), input);
        Assert.Equal(6, after.Length);
        Assert.Equal(before, after);
    }

    [Fact]
    public void An_operator_the_opset_upgrade_does_not_know_fails_with_its_name_and_node()
    {
        var graph = new GraphProto { Name = "upsample" };
        graph.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [1, 1, 2, 2]));
        graph.Output.Add(Nodes.TensorInfo("y", ElementType.Float, [1, 1, 4, 4]));
        graph.Node.Add(Nodes.Make("Upsample", "up", ["x"], ["y"]));
        var e = Assert.Throws<NotSupportedException>(() => OpsetUpgrader.Upgrade(Model(graph, 9), out _));
        Assert.Contains("Upsample (node 'up')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_already_at_opset_13_is_returned_as_it_is()
    {
        var model = ConstantWeights();
        Assert.Same(model, OpsetUpgrader.Upgrade(model, out var from));
        Assert.Equal(13, from);
    }
}
