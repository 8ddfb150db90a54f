using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>FLOPs (2 × multiply-accumulates) of MatMul, Gemm, LSTM and layers inside If branches, on small ONNX graphs run in ONNX Runtime.</summary>
public sealed class FlopsTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir("modelprep-flops");
    private readonly OrtInference _ort = new();

    [Fact]
    public void Flops_count_matmul_gemm_and_lstm_layers_from_the_shapes_of_a_real_run()
    {
        var g = new GraphProto { Name = "flops" };
        g.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [2, 3, 8]));
        g.Input.Add(Nodes.TensorInfo("a", ElementType.Float, [4, 6]));
        g.Input.Add(Nodes.TensorInfo("seq", ElementType.Float, [4, 1, 3]));
        g.Initializer.Add(Constant("w", [8, 5]));
        g.Initializer.Add(Constant("b", [5, 6]));
        g.Initializer.Add(Constant("c", [5]));
        g.Initializer.Add(Constant("lstm_w", [1, 8, 3]));
        g.Initializer.Add(Constant("lstm_r", [1, 8, 2]));
        g.Node.Add(Nodes.Make("MatMul", "project", ["x", "w"], ["q"]));                                        // 2·3·5 outputs × K 8 = 240
        g.Node.Add(Nodes.Make("Transpose", "qt", ["q"], ["q_t"], Nodes.Ints("perm", [0, 2, 1])));
        g.Node.Add(Nodes.Make("MatMul", "attention", ["q", "q_t"], ["scores"]));                              // 2·3·3 outputs × K 5 = 90
        g.Node.Add(Nodes.Make("Gemm", "dense", ["a", "b", "c"], ["dense_out"], Nodes.Int("transB", 1)));       // 4·5 outputs × K 6 = 120
        g.Node.Add(Nodes.Make("LSTM", "rnn", ["seq", "lstm_w", "lstm_r"], ["", "h"], Nodes.Int("hidden_size", 2))); // 1 dir · 4 steps · 1 batch · 8 · (3 + 2) = 160
        g.Output.Add(new ValueInfoProto { Name = "scores" });
        g.Output.Add(new ValueInfoProto { Name = "dense_out" });
        g.Output.Add(new ValueInfoProto { Name = "h" });

        var flops = ModelStats.Flops(_ort, Model(g), [Input("x", [2, 3, 8]), Input("a", [4, 6]), Input("seq", [4, 1, 3])], _dir.Path);

        Assert.Equal(2L * (240 + 90 + 120 + 160), flops);
    }

    [Theory]
    [InlineData(1, 240)]
    [InlineData(0, 240 + 150)]
    public void Flops_count_the_layers_of_the_if_branch_the_input_takes(long mode, long macs)
    {
        var then = new GraphProto { Name = "then" };
        then.Node.Add(Nodes.Make("MatMul", "then_project", ["x", "w"], ["then_y"]));
        then.Output.Add(new ValueInfoProto { Name = "then_y" });
        var otherwise = new GraphProto { Name = "else" };
        otherwise.Initializer.Add(Constant("square", [5, 5]));
        otherwise.Node.Add(Nodes.Make("MatMul", "else_project", ["x", "w"], ["else_p"]));
        otherwise.Node.Add(Nodes.Make("MatMul", "else_square", ["else_p", "square"], ["else_y"]));         // + 2·3·5 × 5 = 150
        otherwise.Output.Add(new ValueInfoProto { Name = "else_y" });
        var g = new GraphProto { Name = "branches" };
        g.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [2, 3, 8]));
        g.Input.Add(Nodes.TensorInfo("mode", ElementType.Int64, [1]));
        g.Initializer.Add(Constant("w", [8, 5]));
        g.Initializer.Add(Tensors.Int64("one", [1], [1L]));
        g.Node.Add(Nodes.Make("Equal", "is_one", ["mode", "one"], ["cond"]));
        var branch = Nodes.Make("If", "choose", ["cond"], ["y"]);
        branch.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = then });
        branch.Attribute.Add(new AttributeProto { Name = "else_branch", Type = AttributeProto.Types.AttributeType.Graph, G = otherwise });
        g.Node.Add(branch);
        g.Output.Add(new ValueInfoProto { Name = "y" });

        var flops = ModelStats.Flops(_ort, Model(g), [Input("x", [2, 3, 8]), NamedTensor.Int64("mode", [1], [mode])], Path.Combine(_dir.Path, $"mode{mode}"));

        Assert.Equal(2 * macs, flops);
    }

    private static ModelProto Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "test" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private static TensorProto Constant(string name, long[] dims)
    {
        var count = (int)dims.Aggregate(1L, (a, b) => a * b);
        return Tensors.Float(name, dims, [.. Enumerable.Range(0, count).Select(i => (i % 7 - 3) / 10f)]);
    }

    private static NamedTensor Input(string name, int[] shape) =>
        new(name, shape, [.. Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => (i % 5 - 2) / 4f)]);

    public void Dispose()
    {
        _ort.Dispose();
        _dir.Dispose();
    }
}
