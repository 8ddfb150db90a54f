using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Pruning;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Tfjs;
using EdgeRuntime.ModelPrep.Validation;
using Google.Protobuf;
using static EdgeRuntime.ModelPrep.Tests.OperatorCases;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>Structured channel pruning on small converted graphs, run for real in ONNX Runtime.</summary>
public sealed class PruningTests : IDisposable
{
    private static readonly int[] Image = [1, 6, 7, 4];

    private readonly TempDir _dir = Repo.TempDir("modelprep-prune");
    private readonly OrtInference _ort = new();

    [Fact]
    public void A_channel_dead_after_relu_is_removed_and_the_output_is_unchanged()
    {
        // Channel 2 of the head: zero filter, bias -1, so ReLU gives 0 everywhere; the consumer is a padded 3x3 conv.
        var g = new TinyGraph(Image, seed: 3);
        var (w, b) = DeadHead(g, 6, 2);
        var head = g.Op("head", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 6], w), g.Floats("b", [6], b)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        g.Op("y", "_FusedConv2D", [head, g.Floats("w2", [3, 3, 6, 5]), g.Floats("b2", [5])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "dead", "y");

        var outcome = Prune(model, 0f, "dead");

        var layer = Assert.Single(outcome.Layers, l => l.Name == "head/conv");
        Assert.Equal((6, 1, 0, 5), (layer.Channels, layer.Dead, layer.L1, layer.Kept));
        Assert.Equal([5L, 4, 1, 1], Weight(outcome.Model, "head/conv").Dims);
        AssertSameOutputs(model, outcome.Model, "dead", 1e-5f);
    }

    [Fact]
    public void A_dead_channel_is_removed_through_relu6_depthwise_relu_into_the_consumer_with_its_constant_folded_into_the_bias()
    {
        // Channel 1 is dead after ReLU6; the depthwise conv then turns its 0 into relu(bias) = 0.7 everywhere, which the
        // 1x1 consumer must keep receiving through its bias.
        var g = new TinyGraph(Image, seed: 5);
        var (w, b) = DeadHead(g, 5, 1);
        var head = g.Op("head", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 5], w), g.Floats("b", [5], b)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu6"));
        var db = g.RandomFloats(5, 0.5f);
        db[1] = 0.7f;
        var dw = g.Op("dw", "FusedDepthwiseConv2dNative", [head, g.Floats("dw_w", [3, 3, 5, 1]), g.Floats("dw_b", [5], db)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        g.Op("y", "_FusedConv2D", [dw, g.Floats("w2", [1, 1, 5, 3]), g.Floats("b2", [3])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "chain", "y");

        var outcome = Prune(model, 0f, "chain");

        Assert.Equal(1, Assert.Single(outcome.Layers, l => l.Name == "head/conv").Dead);
        var depthwise = outcome.Model.Graph.Node.Single(n => n.OpType == "Conv" && Nodes.GetInt(n, "group", 1) > 1);
        Assert.Equal(4, Nodes.GetInt(depthwise, "group", 1));
        Assert.Equal([4L, 1, 3, 3], Weight(outcome.Model, depthwise.Name).Dims);
        AssertSameOutputs(model, outcome.Model, "chain", 1e-5f);
    }

    [Fact]
    public void A_dead_channel_is_removed_through_a_squeeze_excite_block_together_with_the_gate_filter()
    {
        var g = new TinyGraph(Image, seed: 15);
        var (w, b) = DeadHead(g, 6, 2);
        var head = g.Op("head", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 6], w), g.Floats("b", [6], b)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        var mean = g.Op("mean", "Mean", [head, g.Ints("axes", [2], 1, 2)], new System.Text.Json.Nodes.JsonObject { ["keep_dims"] = TinyGraph.Bool(true), ["Tidx"] = TinyGraph.Type("DT_INT32") });
        // The squeeze channels get a large bias so that only the head's forced channel is dead.
        var squeeze = g.Op("squeeze", "_FusedConv2D", [mean, g.Floats("se_w", [1, 1, 6, 3]), g.Floats("se_b", [3], [5f, 5f, 5f])], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        var excite = g.Op("excite", "_FusedConv2D", [squeeze, g.Floats("ex_w", [1, 1, 3, 6]), g.Floats("ex_b", [6])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var shifted = g.Op("shifted", "AddV2", [excite, g.Floats("three", [], [3f])]);
        var gate = g.Op("gate", "Mul", [g.Op("r6", "Relu6", [shifted]), g.Floats("sixth", [], [1f / 6])]);
        var scaled = g.Op("scaled", "Mul", [head, gate]);
        g.Op("y", "_FusedConv2D", [scaled, g.Floats("w2", [1, 1, 6, 5]), g.Floats("b2", [5])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "excite", "y");

        var (groups, _) = GroupFinder.Find(model.Graph);
        var outcome = Prune(model, 0f, "excite");

        Assert.Equal(["head/conv", "excite"], groups.Single(x => x.Head.Name == "head/conv").Heads.Select(h => h.Name));
        Assert.Equal(1, Assert.Single(outcome.Layers, l => l.Name == "head/conv").Dead);
        // The excite Conv loses output channel 2 with the head; the squeeze Conv loses input channel 2.
        Assert.Equal([5L, 3, 1, 1], Weight(outcome.Model, "excite").Dims);
        Assert.Equal([3L, 5, 1, 1], Weight(outcome.Model, "squeeze/conv").Dims);
        AssertSameOutputs(model, outcome.Model, "excite", 1e-5f);
    }

    [Fact]
    public void A_consumer_without_bias_gets_a_folded_bias_that_also_loses_its_own_pruned_outputs()
    {
        // Channel 1 of the head is dead; the depthwise bias turns it into 0.7 for consumer c2, which has no bias and is
        // itself the head of a group that L1 pruning halves.
        var g = new TinyGraph(Image, seed: 17);
        var (w, b) = DeadHead(g, 5, 1);
        var head = g.Op("head", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 5], w), g.Floats("b", [5], b)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        var db = g.RandomFloats(5, 0.5f);
        db[1] = 0.7f;
        var dw = g.Op("dw", "FusedDepthwiseConv2dNative", [head, g.Floats("dw_w", [3, 3, 5, 1]), g.Floats("dw_b", [5], db)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        var c2 = g.Op("c2", "Conv2D", [dw, g.Floats("w2", [1, 1, 5, 6])], ConvAttrs("SAME", 1));
        g.Op("y", "_FusedConv2D", [g.Op("r2", "Relu", [c2]), g.Floats("w3", [1, 1, 6, 3]), g.Floats("b3", [3])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "nobias", "y");

        var outcome = Prune(model, 0.5f, "nobias");

        var conv = outcome.Model.Graph.Node.Single(n => n.Name == "c2");
        var bias = outcome.Model.Graph.Initializer.Single(i => i.Name == conv.Input[2]);
        Assert.Equal(Weight(outcome.Model, "c2").Dims[0], Assert.Single(bias.Dims));
        Assert.Equal(3, bias.Dims[0]);
    }

    [Fact]
    public void A_conv_feeding_a_residual_add_of_two_activations_is_not_pruned()
    {
        var g = new TinyGraph(Image, seed: 7);
        var (w, b) = DeadHead(g, 4, 0);
        var a = g.Op("a", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 4], w), g.Floats("b", [4], b)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        var c = g.Op("c", "_FusedConv2D", [a, g.Floats("w2", [1, 1, 4, 4]), g.Floats("b2", [4])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var sum = g.Op("sum", "AddV2", [c, a]);
        g.Op("y", "_FusedConv2D", [sum, g.Floats("w3", [1, 1, 4, 2]), g.Floats("b3", [2])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "residual", "y");

        var (groups, rejected) = GroupFinder.Find(model.Graph);
        var outcome = Prune(model, 0.5f, "residual");

        Assert.DoesNotContain(groups, x => x.Head.Name is "a/conv" or "c");
        Assert.Contains(rejected, r => r.StartsWith("a/conv: ", StringComparison.Ordinal) && r.Contains("Add", StringComparison.Ordinal));
        Assert.Contains(rejected, r => r.StartsWith("c: ", StringComparison.Ordinal) && r.Contains("Add", StringComparison.Ordinal));
        Assert.Equal(model.ToByteArray(), outcome.Model.ToByteArray());
    }

    [Fact]
    public void The_l1_ratio_removes_exactly_the_channels_with_the_smallest_filter_norms()
    {
        // Filters of 8 channels with L1 norms in a known order; ratio 0.5 must remove channels 6, 1, 4, 3 (norms 0.4 .. 1.6).
        var scales = new[] { 4f, 0.8f, 3f, 1.6f, 1.2f, 2.5f, 0.4f, 2f };
        var g = new TinyGraph(Image, seed: 9);
        var w = new float[4 * 8];
        for (var i = 0; i < 4; i++)
        {
            for (var c = 0; c < 8; c++) w[i * 8 + c] = (i % 2 == 0 ? 1 : -1) * scales[c] / 4;
        }
        var head = g.Op("head", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 8], w), g.Floats("b", [8], g.RandomFloats(8, 0.1f))], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        g.Op("y", "_FusedConv2D", [head, g.Floats("w2", [3, 3, 8, 3]), g.Floats("b2", [3])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "l1", "y");

        var outcome = Prune(model, 0.5f, "l1");

        var layer = Assert.Single(outcome.Layers);
        Assert.Equal((0, 4), (layer.Dead, layer.L1));
        int[] kept = [0, 2, 5, 7];
        var before = Tensors.ToFloats(Weight(model, "head/conv"));
        var after = Tensors.ToFloats(Weight(outcome.Model, "head/conv"));
        Assert.Equal(kept.SelectMany(c => before.Skip(c * 4).Take(4)), after);
        // The rewrite is exact: the pruned model computes what the original computes with those channels' consumer weights zeroed.
        var reference = model.Clone();
        var consumer = Weight(reference, "y");
        var cw = Tensors.ToFloats(consumer);
        for (var o = 0; o < 3; o++)
        {
            foreach (var c in new[] { 1, 3, 4, 6 })
            {
                for (var k = 0; k < 9; k++) cw[(o * 8 + c) * 9 + k] = 0;
            }
        }
        reference.Graph.Initializer[reference.Graph.Initializer.IndexOf(consumer)] = Tensors.Float(consumer.Name, [.. consumer.Dims], cw);
        AssertSameOutputs(reference, outcome.Model, "l1", 1e-5f);
    }

    [Fact]
    public void Parameters_and_flops_before_and_after_pruning_are_counted_from_the_layer_shapes()
    {
        // head 1x1 4->6 (+bias) with 2 dead channels, consumer 3x3 6->5 (+bias), on a 6x7 image (SAME padding keeps 6x7).
        var g = new TinyGraph(Image, seed: 11);
        var (w, b) = DeadHead(g, 6, 0, 4);
        var head = g.Op("head", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 6], w), g.Floats("b", [6], b)], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        g.Op("y", "_FusedConv2D", [head, g.Floats("w2", [3, 3, 6, 5]), g.Floats("b2", [5])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "stats", "y");
        var outcome = Prune(model, 0f, "stats");
        var sample = Inputs(1, 99)[0];

        Assert.Equal(4 * 6 + 6 + 9 * 6 * 5 + 5, ModelStats.Parameters(model));
        Assert.Equal(4 * 4 + 4 + 9 * 4 * 5 + 5, ModelStats.Parameters(outcome.Model));
        Assert.Equal(2L * 42 * (6 * 4 + 5 * 6 * 9), ModelStats.Flops(_ort, model, sample, Path.Combine(_dir.Path, "flops")));
        Assert.Equal(2L * 42 * (4 * 4 + 5 * 4 * 9), ModelStats.Flops(_ort, outcome.Model, sample, Path.Combine(_dir.Path, "flops")));
    }

    [Fact]
    public void Pruning_twice_writes_identical_bytes()
    {
        var g = new TinyGraph(Image, seed: 13);
        var head = g.Op("head", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 8]), g.Floats("b", [8], g.RandomFloats(8, 0.5f))], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu6"));
        var dw = g.Op("dw", "FusedDepthwiseConv2dNative", [head, g.Floats("dw_w", [3, 3, 8, 1]), g.Floats("dw_b", [8])], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"));
        g.Op("y", "_FusedConv2D", [dw, g.Floats("w2", [1, 1, 8, 3]), g.Floats("b2", [3])], Fused(ConvAttrs("SAME", 1), "BiasAdd"));
        var model = Convert(g, "bytes", "y");

        var first = Prune(model, 0.3f, "bytes1").Model.ToByteArray();
        var second = Prune(model, 0.3f, "bytes2").Model.ToByteArray();

        Assert.Equal(first, second);
        Assert.NotEqual(model.ToByteArray(), first);
    }

    /// <summary>Random 1x1 filters from the 4 input channels to <paramref name="outputs"/> channels, the <paramref name="dead"/> ones zero with bias -1 (always 0 after ReLU).</summary>
    private static (float[] W, float[] B) DeadHead(TinyGraph g, int outputs, params int[] dead)
    {
        var w = g.RandomFloats(4 * outputs);
        var b = g.RandomFloats(outputs, 0.1f);
        foreach (var c in dead)
        {
            for (var i = 0; i < 4; i++) w[i * outputs + c] = 0;
            b[c] = -1;
        }
        return (w, b);
    }

    private PruneOutcome Prune(ModelProto model, float ratio, string name)
    {
        var outcome = ChannelPruner.Prune(_ort, model, Inputs(6, 1), new PruneOptions(ratio, new HashSet<string>(), CompensateL1: false), Path.Combine(_dir.Path, name + "-scratch"));
        // ONNX Runtime loads (and shape-checks) the result.
        var path = Path.Combine(_dir.Path, name + "-pruned.onnx");
        OnnxFile.Save(outcome.Model, path);
        _ort.Run(path, 1, Inputs(1, 2)[0]);
        return outcome;
    }

    private void AssertSameOutputs(ModelProto expected, ModelProto actual, string name, float tolerance)
    {
        var a = Path.Combine(_dir.Path, name + "-a.onnx");
        var b = Path.Combine(_dir.Path, name + "-b.onnx");
        OnnxFile.Save(expected, a);
        OnnxFile.Save(actual, b);
        foreach (var input in Inputs(4, 42))
        {
            var x = _ort.Run(a, 1, input).Outputs.Single();
            var y = _ort.Run(b, 1, input).Outputs.Single();
            Assert.Equal(x.Shape, y.Shape);
            var worst = x.Data.Zip(y.Data, (p, q) => Math.Abs(p - q)).Max();
            Assert.True(worst <= tolerance, $"{name}: pruned output differs by {worst}");
        }
    }

    /// <summary>Random NHWC images (values -2..2); calibration and comparison use different seeds.</summary>
    private static List<IReadOnlyList<NamedTensor>> Inputs(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (IReadOnlyList<NamedTensor>)[new NamedTensor("input", Image, [.. Enumerable.Range(0, 6 * 7 * 4).Select(_ => (float)(random.NextDouble() * 4 - 2))])])];
    }

    private ModelProto Convert(TinyGraph g, string name, string output) =>
        TfjsConverter.Convert(TfjsReader.Read(g.Write(Path.Combine(_dir.Path, name))), new ConvertOptions("input", [(output, "out")], "test"));

    /// <summary>The weight initializer of the Conv named <paramref name="conv"/>.</summary>
    private static TensorProto Weight(ModelProto model, string conv)
    {
        var node = model.Graph.Node.Single(n => n.Name == conv && n.OpType == "Conv");
        return model.Graph.Initializer.Single(i => i.Name == node.Input[1]);
    }

    public void Dispose()
    {
        _ort.Dispose();
        _dir.Dispose();
    }
}
