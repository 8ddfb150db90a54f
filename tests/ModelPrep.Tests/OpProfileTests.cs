using System.Text;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The per-op-type time split from ONNX Runtime's profiler: the trace arithmetic, and a real profiled run.</summary>
public sealed class OpProfileTests
{
    private static string Run(long ts, long dur) => $$$"""{"cat":"Session","name":"model_run","ts":{{{ts}}},"dur":{{{dur}}},"args":{}}""";

    private static string Kernel(string node, string op, long ts, long dur) =>
        $$$"""{"cat":"Node","name":"{{{node}}}_kernel_time","ts":{{{ts}}},"dur":{{{dur}}},"args":{"op_name":"{{{op}}}"}}""";

    [Fact]
    public void Only_the_kernels_of_the_last_counted_runs_are_summed_per_op_type_in_ms_per_run_with_depthwise_convs_apart()
    {
        // Run 1 is warm-up (its 9000 us conv must not count); runs 2 and 3 are counted.
        var trace = "[" + string.Join(",",
            Run(0, 10_000), Kernel("conv_a", "Conv", 100, 9_000),
            Run(20_000, 10_000), Kernel("conv_a", "Conv", 20_100, 1_000), Kernel("dw", "Conv", 21_200, 3_000), Kernel("q", "QuantizeLinear", 24_300, 500),
            """{"cat":"Node","name":"conv_a_fence_before","ts":20050,"dur":5,"args":{"op_name":"Conv"}}""",
            Run(40_000, 10_000), Kernel("conv_a", "Conv", 40_100, 1_400), Kernel("dw", "Conv", 41_600, 2_600), Kernel("q", "QuantizeLinear", 44_300, 700)) + "]";

        var split = OpProfile.Parse(Encoding.UTF8.GetBytes(trace), runs: 2, new HashSet<string> { "dw" });

        Assert.Equal(
            [("Conv (depthwise)", 1, 2.8), ("Conv", 1, 1.2), ("QuantizeLinear", 1, 0.6)],
            split.Select(t => (t.OpType, t.Nodes, Math.Round(t.MsPerRun, 6))));
        Assert.Throws<InvalidDataException>(() => OpProfile.Parse(Encoding.UTF8.GetBytes(trace), runs: 4, new HashSet<string>()));
    }

    [Fact]
    public void A_profiled_depthwise_then_pointwise_graph_splits_its_time_between_a_depthwise_and_an_ordinary_convolution()
    {
        using var dir = Repo.TempDir("op-profile");
        using var inference = new OrtInference();
        var random = new Random(11);
        float[] Weights(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f)];
        var graph = new GraphProto { Name = "profiled" };
        graph.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [1, 16, 32, 32]));
        graph.Output.Add(Nodes.TensorInfo("y", ElementType.Float, [1, 24, 32, 32]));
        graph.Initializer.Add(Tensors.Float("dw", [16, 1, 3, 3], Weights(16 * 9)));
        graph.Initializer.Add(Tensors.Float("pw", [24, 16, 1, 1], Weights(24 * 16)));
        graph.Node.Add(Nodes.Make("Conv", "depthwise", ["x", "dw"], ["d"], Nodes.Int("group", 16), Nodes.Ints("pads", [1, 1, 1, 1])));
        graph.Node.Add(Nodes.Make("Conv", "pointwise", ["d", "pw"], ["y"]));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        var path = Path.Combine(dir.Path, "profiled.onnx");
        OnnxFile.Save(model, path);
        IReadOnlyList<NamedTensor> sample = [new NamedTensor("x", [1, 16, 32, 32], Weights(16 * 32 * 32))];

        var split = OpProfile.Measure(inference, path, sample, threads: 1, runs: 5, Path.Combine(dir.Path, "scratch"));

        var depthwise = Assert.Single(split, t => t.OpType.EndsWith(" (depthwise)", StringComparison.Ordinal));
        Assert.Equal(1, depthwise.Nodes);
        Assert.Contains(split, t => t.OpType.Contains("Conv", StringComparison.Ordinal) && !t.OpType.EndsWith(" (depthwise)", StringComparison.Ordinal) && t.Nodes == 1);
        Assert.All(split, t => Assert.True(t.MsPerRun >= 0, t.ToString()));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "scratch"), "profile-*"));
    }
}
