using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Quantization;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>Range equalization and node exclusion patterns of the INT8 quantizer, on small synthetic graphs run by ONNX Runtime.</summary>
public sealed class QuantizationTests
{
    private const int Channels = 3;
    private static readonly int[] InputShape = [1, Channels, 6, 6];

    /// <summary>x → depthwise 3x3 (channel c scaled by <paramref name="channelScales"/>[c]) → ReLU → 1x1 conv to 4 channels → y.</summary>
    private static ModelProto DepthwiseThenPointwise(float[] channelScales)
    {
        var random = new Random(7);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        var depthwise = Enumerable.Range(0, Channels * 9).Select(i => Next() * channelScales[i / 9]).ToArray();
        var depthwiseBias = Enumerable.Range(0, Channels).Select(c => Next() * channelScales[c]).ToArray();
        var pointwise = Enumerable.Range(0, 4 * Channels).Select(_ => Next()).ToArray();
        var graph = new GraphProto { Name = "equalize" };
        graph.Input.Add(Nodes.TensorInfo("x", ElementType.Float, InputShape.Select(d => (long)d)));
        graph.Output.Add(Nodes.TensorInfo("y", ElementType.Float, [1, 4, 6, 6]));
        graph.Initializer.Add(Tensors.Float("dw", [Channels, 1, 3, 3], depthwise));
        graph.Initializer.Add(Tensors.Float("dw_bias", [Channels], depthwiseBias));
        graph.Initializer.Add(Tensors.Float("pw", [4, Channels, 1, 1], pointwise));
        graph.Node.Add(Nodes.Make("Conv", "depthwise", ["x", "dw", "dw_bias"], ["d"], Nodes.Int("group", Channels), Nodes.Ints("pads", [1, 1, 1, 1])));
        graph.Node.Add(Nodes.Make("Relu", "relu", ["d"], ["r"]));
        graph.Node.Add(Nodes.Make("Conv", "pointwise", ["r", "pw"], ["y"]));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private static IReadOnlyList<NamedTensor> Input(int seed)
    {
        var random = new Random(seed);
        return [new NamedTensor("x", InputShape, [.. Enumerable.Range(0, InputShape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)random.NextDouble() * 4 - 1)])];
    }

    [Fact]
    public void Range_equalization_keeps_the_float_function_and_balances_activation_against_weight_ranges()
    {
        using var dir = Repo.TempDir("equalize");
        using var inference = new OrtInference();
        var model = DepthwiseThenPointwise([100f, 1f, 0.05f]);
        var pairs = Equalizer.Pairs(model, new QuantizeOptions());
        var pair = Assert.Single(pairs);
        Assert.Equal("r", pair.Between);
        var samples = new[] { Input(1), Input(2) };
        var before = Calibrator.ChannelAbsMax(inference, model, ["r"], samples, dir.Path)["r"];

        var equalized = Equalizer.Apply(model, pairs, new Dictionary<string, float[]> { ["r"] = before }, out var count);
        Assert.Equal(1, count);

        var original = Path.Combine(dir.Path, "original.onnx");
        var changed = Path.Combine(dir.Path, "equalized.onnx");
        OnnxFile.Save(model, original);
        OnnxFile.Save(equalized, changed);
        var y0 = inference.Run(original, 1, Input(3)).Outputs[0].Data;
        var y1 = inference.Run(changed, 1, Input(3)).Outputs[0].Data;
        var scale = y0.Max(Math.Abs);
        Assert.All(y0.Zip(y1), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4f * scale, $"{p.First} vs {p.Second}"));

        // Each channel's activation range and its weight range in the pointwise conv end at the same fraction of their maxima.
        var after = Calibrator.ChannelAbsMax(inference, equalized, ["r"], samples, dir.Path)["r"];
        var pw = Tensors.ToFloats(equalized.Graph.Initializer.Single(i => i.Name == "pw"));
        var w = Enumerable.Range(0, Channels).Select(c => Enumerable.Range(0, 4).Max(o => Math.Abs(pw[o * Channels + c]))).ToArray();
        for (var c = 0; c < Channels; c++) Assert.Equal(after[c] / after.Max(), w[c] / w.Max(), 3);
        Assert.True(after.Max() / after.Min() < before.Max() / before.Min() / 10, $"channel ranges {string.Join(", ", before)} -> {string.Join(", ", after)}");
    }

    [Fact]
    public void A_depthwise_conv_whose_output_has_a_second_reader_is_not_equalized()
    {
        var model = DepthwiseThenPointwise([1f, 1f, 1f]);
        model.Graph.Output.Add(Nodes.TensorInfo("r", ElementType.Float, [1, Channels, 6, 6]));
        Assert.Empty(Equalizer.Pairs(model, new QuantizeOptions()));
    }

    [Fact]
    public void Bias_correction_removes_the_mean_shift_that_weight_rounding_leaves_in_a_conv_output()
    {
        // 1x1 conv, 4 → 2 channels, both rows [1, 0.0118, 0.0118, 0.0118]: per-channel int8 scale 1/127 rounds 0.0118
        // (1.4986 steps) down to 1/127, a third low, and inputs of about 100 on channels 1-3 keep that shift (channel 0 is 0).
        using var dir = Repo.TempDir("bias-correction");
        using var inference = new OrtInference();
        var graph = new GraphProto { Name = "bias" };
        graph.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [1, 4, 8, 8]));
        graph.Output.Add(Nodes.TensorInfo("y", ElementType.Float, [1, 2, 8, 8]));
        graph.Initializer.Add(Tensors.Float("w", [2, 4, 1, 1], [1f, 0.0118f, 0.0118f, 0.0118f, 1f, 0.0118f, 0.0118f, 0.0118f]));
        graph.Initializer.Add(Tensors.Float("b", [2], [0f, 0f]));
        graph.Node.Add(Nodes.Make("Conv", "conv", ["x", "w", "b"], ["y"]));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        var random = new Random(3);
        IReadOnlyList<NamedTensor> Sample() => [new NamedTensor("x", [1, 4, 8, 8], [.. Enumerable.Range(0, 256).Select(i => i < 64 ? 0f : 100f + (float)random.NextDouble())])];
        var samples = new[] { Sample(), Sample() };
        var options = new QuantizeOptions();
        var ranges = Calibrator.Collect(inference, model, QdqQuantizer.CalibrationTensors(model, options), samples, "minmax", 100, dir.Path);
        ModelProto Quantize(ModelProto m) => QdqQuantizer.Quantize(m, ranges, options, out _);

        double Shift(ModelProto quantized, string name)
        {
            var path = Path.Combine(dir.Path, name);
            OnnxFile.Save(quantized, path);
            var original = Path.Combine(dir.Path, "float.onnx");
            OnnxFile.Save(model, original);
            var probe = Sample();
            return inference.Run(original, 1, probe).Outputs[0].Data.Zip(inference.Run(path, 1, probe).Outputs[0].Data, (f, q) => (double)q - f).Average();
        }

        var before = Shift(Quantize(model), "plain.onnx");
        var corrected = BiasCorrection.Apply(inference, model, Quantize, samples, dir.Path, bands: 1, _ => { });
        var after = Shift(Quantize(corrected), "corrected.onnx");
        Assert.True(Math.Abs(before) > 0.5, $"the rounding should shift the mean: {before}");
        Assert.True(Math.Abs(after) < Math.Abs(before) / 5, $"mean shift {before} -> {after}");
    }

    [Theory]
    [InlineData("tower_0/*/squeeze_excite/*", "tower_0/MobilenetV3/expanded_conv_3/squeeze_excite/Conv/Relu/conv", true)]
    [InlineData("tower_0/*/squeeze_excite/*", "tower_0/MobilenetV3/expanded_conv_3/project/BatchNorm/FusedBatchNorm", false)]
    [InlineData("tower_0/MobilenetV3/Conv/*", "tower_0/MobilenetV3/Conv/hard_swish/mul", true)]
    [InlineData("tower_0/MobilenetV3/Conv/*", "tower_0/MobilenetV3/Conv_1/hard_swish/mul", false)]
    [InlineData("tower_0/mul", "tower_0/mul", true)]
    [InlineData("tower_0/mul", "tower_0/mul_1", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("ab*ba", "abba", true)]
    public void Exclusion_entries_match_node_names_exactly_or_by_star_pattern(string entry, string name, bool excluded)
    {
        var options = new QuantizeOptions { ExcludeNodes = new HashSet<string> { entry } };
        Assert.Equal(excluded, options.ExcludesNode(name));
    }
}
