using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Quantization;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The INT8 quantizer on small synthetic graphs: weight and activation parameters, calibration, exclusions, range equalization, bias correction.</summary>
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
        return Opset13(graph);
    }

    private static ModelProto Opset13(GraphProto graph)
    {
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
        var model = Opset13(graph);
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

    /// <summary>The same range for every tensor the quantizer asks for: synthetic calibration.</summary>
    private static Dictionary<string, TensorRange> Ranges(ModelProto model, QuantizeOptions options, float min, float max) =>
        QdqQuantizer.CalibrationTensors(model, options).ToDictionary(t => t, _ => new TensorRange(min, max), StringComparer.Ordinal);

    private static TensorProto Initializer(ModelProto model, string name) => model.Graph.Initializer.Single(i => i.Name == name);

    private static NodeProto Node(ModelProto model, string name) => model.Graph.Node.Single(n => n.Name == name);

    [Fact]
    public void Conv_weights_get_one_symmetric_int8_scale_per_output_channel_max_abs_over_127_with_zero_point_0()
    {
        var model = DepthwiseThenPointwise([2f, 1f, 0.05f]);
        var options = new QuantizeOptions { ActivationsUInt8 = true };

        var quantized = QdqQuantizer.Quantize(model, Ranges(model, options, -1f, 3f), options, out var summary);

        Assert.Equal(2, summary.QuantizedByOp["Conv"]);
        // pointwise [4, 3, 1, 1]: one scale per output channel over its 3 input weights.
        var w = Tensors.ToFloats(Initializer(model, "pw"));
        var scales = Tensors.ToFloats(Initializer(quantized, "pw/scale"));
        Assert.Equal([4L], Initializer(quantized, "pw/scale").Dims);
        Assert.Equal(Enumerable.Range(0, 4).Select(o => Enumerable.Range(0, Channels).Max(c => Math.Abs(w[o * Channels + c])) / 127f), scales);
        var zeroPoint = Initializer(quantized, "pw/zero_point");
        Assert.Equal(ElementType.Int8, (ElementType)zeroPoint.DataType);
        Assert.All(zeroPoint.RawData.ToByteArray(), z => Assert.Equal(0, z));
        var q = Initializer(quantized, "pw/q");
        Assert.Equal(ElementType.Int8, (ElementType)q.DataType);
        Assert.Equal(w.Select((v, i) => (sbyte)Math.Round(v / scales[i / Channels], MidpointRounding.ToEven)), q.RawData.ToByteArray().Select(b => (sbyte)b));
        Assert.Equal(0, Nodes.GetInt(Node(quantized, "pw/dequantize"), "axis", -1));
        // The depthwise conv [3, 1, 3, 3] too (its weight is named per node: its bias is quantized at input x weight scale).
        var dw = Tensors.ToFloats(Initializer(model, "dw"));
        Assert.Equal(Enumerable.Range(0, Channels).Select(c => dw.Skip(9 * c).Take(9).Max(Math.Abs) / 127f), Tensors.ToFloats(Initializer(quantized, "dw@depthwise/scale")));
    }

    [Theory]
    [InlineData(true, 64, 0)]
    [InlineData(false, -64, -128)]
    public void Activation_zero_points_are_uint8_or_int8_as_selected(bool uint8, int inputZeroPoint, int reluZeroPoint)
    {
        var type = uint8 ? ElementType.UInt8 : ElementType.Int8;
        using var dir = Repo.TempDir("activations");
        using var inference = new OrtInference();
        var model = DepthwiseThenPointwise([1f, 1f, 1f]);
        var options = new QuantizeOptions { ActivationsUInt8 = uint8 };
        var ranges = Calibrator.Collect(inference, model, QdqQuantizer.CalibrationTensors(model, options), [Input(1), Input(2)], "minmax", 100, dir.Path);
        ranges["x"] = new TensorRange(-1f, 3f);

        var quantized = QdqQuantizer.Quantize(model, ranges, options, out _);

        var zeroPoints = quantized.Graph.Node.Where(n => n.OpType == "QuantizeLinear").Select(n => Initializer(quantized, n.Input[2])).ToList();
        Assert.NotEmpty(zeroPoints);
        Assert.All(zeroPoints, z => Assert.Equal(type, (ElementType)z.DataType));
        int ZeroPoint(string tensor) => uint8 ? Initializer(quantized, tensor + "/zero_point").RawData[0] : (sbyte)Initializer(quantized, tensor + "/zero_point").RawData[0];
        // x over [-1, 3]: scale 4/255, zero at 1 / (4/255) = 63.75 -> 64 steps above the lowest code.
        Assert.Equal(inputZeroPoint, ZeroPoint("x"));
        // The ReLU folded into the depthwise conv: its output range starts at 0, the lowest code.
        Assert.Equal(reluZeroPoint, ZeroPoint("r"));
        // ONNX Runtime accepts the model and the quantized output stays close to the float one.
        var original = Path.Combine(dir.Path, "float.onnx");
        var path = Path.Combine(dir.Path, "quantized.onnx");
        OnnxFile.Save(model, original);
        OnnxFile.Save(quantized, path);
        var y0 = inference.Run(original, 1, Input(3)).Outputs[0].Data;
        var y1 = inference.Run(path, 1, Input(3)).Outputs[0].Data;
        var worst = y0.Zip(y1, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 0.02f * y0.Max(Math.Abs), $"quantized output differs by {worst}");
    }

    [Fact]
    public void Percentile_calibration_gives_a_narrower_range_than_minmax_on_data_with_outliers()
    {
        using var dir = Repo.TempDir("percentile");
        using var inference = new OrtInference();
        var graph = new GraphProto { Name = "outliers" };
        graph.Input.Add(Nodes.TensorInfo("x", ElementType.Float, [1, 1, 32, 32]));
        graph.Output.Add(Nodes.TensorInfo("y", ElementType.Float, [1, 1, 32, 32]));
        graph.Initializer.Add(Tensors.Float("one", [], [1f]));
        graph.Node.Add(Nodes.Make("Mul", "scale", ["x", "one"], ["m"]));
        graph.Node.Add(Nodes.Make("Relu", "relu", ["m"], ["y"]));
        var model = Opset13(graph);
        // 1021 values in [-1, 1), three outliers at 100 (0.3 % of the values).
        var random = new Random(9);
        IReadOnlyList<NamedTensor> Sample() => [new NamedTensor("x", [1, 1, 32, 32], [.. Enumerable.Range(0, 1024).Select(i => i % 400 == 7 ? 100f : (float)random.NextDouble() * 2 - 1)])];
        var samples = new[] { Sample(), Sample() };

        var minmax = Calibrator.Collect(inference, model, ["m"], samples, "minmax", 100, dir.Path)["m"];
        var percentile = Calibrator.Collect(inference, model, ["m"], samples, "percentile", 99, dir.Path)["m"];

        Assert.Equal(100f, minmax.Max);
        Assert.Equal(samples.SelectMany(s => s[0].Data).Min(), minmax.Min);
        Assert.InRange(percentile.Max, 0.9f, 1.1f);
        Assert.InRange(percentile.Min, -1.1f, -0.9f);
        Assert.True(percentile.Max - percentile.Min < (minmax.Max - minmax.Min) / 10, $"{percentile} vs {minmax}");
    }

    [Fact]
    public void Excluded_op_types_including_the_depthwise_pseudo_type_leave_those_nodes_without_qdq()
    {
        var model = DepthwiseThenPointwise([1f, 1f, 1f]);
        var noDepthwise = new QuantizeOptions { ExcludeOpTypes = new HashSet<string> { QuantizeOptions.DepthwiseConv } };

        var quantized = QdqQuantizer.Quantize(model, Ranges(model, noDepthwise, -1f, 3f), noDepthwise, out var summary);

        Assert.Equal(1, summary.QuantizedByOp["Conv"]);
        Assert.Equal(["x", "dw", "dw_bias"], Node(quantized, "depthwise").Input);
        Assert.DoesNotContain(quantized.Graph.Node, n => n.OpType == "QuantizeLinear" && n.Input[0] is "x" or "d");
        Assert.Equal(["r/dq", "pw/dq"], Node(quantized, "pointwise").Input);

        var noConv = new QuantizeOptions { ExcludeOpTypes = new HashSet<string> { "Conv" } };
        var untouched = QdqQuantizer.Quantize(model, Ranges(model, noConv, -1f, 3f), noConv, out var none);
        Assert.Empty(none.QuantizedByOp);
        Assert.DoesNotContain(untouched.Graph.Node, n => n.OpType is "QuantizeLinear" or "DequantizeLinear");
    }

    [Fact]
    public void A_node_excluded_by_name_keeps_float_weights_and_output_while_the_others_are_quantized()
    {
        var model = DepthwiseThenPointwise([1f, 1f, 1f]);
        var options = new QuantizeOptions { ExcludeNodes = new HashSet<string> { "pointwise" } };

        var quantized = QdqQuantizer.Quantize(model, Ranges(model, options, -1f, 3f), options, out var summary);

        Assert.Equal(1, summary.QuantizedByOp["Conv"]);
        Assert.Equal("dw@depthwise/dq", Node(quantized, "depthwise").Input[1]);
        var pointwise = Node(quantized, "pointwise");
        // It reads the depthwise output dequantized, with its own float weight, and nothing quantizes what it writes.
        Assert.Equal(["r/dq", "pw"], pointwise.Input);
        Assert.DoesNotContain(quantized.Graph.Node, n => n.OpType == "QuantizeLinear" && n.Input[0] == "y");
        Assert.Equal(Tensors.ToFloats(Initializer(model, "pw")), Tensors.ToFloats(Initializer(quantized, "pw")));
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
