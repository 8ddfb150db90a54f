using System.Text.Json.Nodes;
using static EdgeRuntime.ModelPrep.Tests.TinyGraph;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>One small TF.js graph exercising an operator (or a short chain), with the TF tensors to compare.</summary>
internal sealed record OperatorCase(string Name, TinyGraph Graph, string[] Outputs)
{
    public override string ToString() => Name;
}

/// <summary>The per-operator converter cases: every op the converter translates, with its attribute variants.</summary>
internal static class OperatorCases
{
    private static readonly int[] Image = [1, 6, 7, 4];

    public static IReadOnlyList<OperatorCase> All { get; } = Build();

    internal static JsonObject ConvAttrs(string padding, long stride, long dilation = 1) => new()
    {
        ["strides"] = IntList(1, stride, stride, 1), ["padding"] = Str(padding), ["data_format"] = Str("NHWC"),
        ["dilations"] = IntList(1, dilation, dilation, 1), ["explicit_paddings"] = new JsonObject { ["list"] = new JsonObject() },
    };

    internal static JsonObject Fused(JsonObject attrs, params string[] ops)
    {
        attrs["fused_ops"] = StrList(ops);
        attrs["num_args"] = Int(1);
        attrs["epsilon"] = new JsonObject { ["f"] = 0 };
        return attrs;
    }

    private static JsonObject PoolAttrs(string padding, long k, long s) => new()
    {
        ["ksize"] = IntList(1, k, k, 1), ["strides"] = IntList(1, s, s, 1), ["padding"] = Str(padding), ["data_format"] = Str("NHWC"),
    };

    private static List<OperatorCase> Build()
    {
        var cases = new List<OperatorCase>();
        void Add(string name, Func<TinyGraph, string[]> build, int[]? input = null)
        {
            var g = new TinyGraph(input ?? Image, seed: cases.Count + 1);
            cases.Add(new OperatorCase(name, g, build(g)));
        }

        Add("Conv2D SAME stride 2", g => [g.Op("y", "Conv2D", ["x", g.Floats("w", [3, 3, 4, 5])], ConvAttrs("SAME", 2))]);
        Add("Conv2D VALID dilated", g => [g.Op("y", "Conv2D", ["x", g.Floats("w", [3, 3, 4, 3])], ConvAttrs("VALID", 1, 2))]);
        Add("_FusedConv2D BiasAdd Relu", g => [g.Op("y", "_FusedConv2D", ["x", g.Floats("w", [1, 1, 4, 6]), g.Floats("b", [6])], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"))]);
        Add("_FusedConv2D BiasAdd Relu6", g => [g.Op("y", "_FusedConv2D", ["x", g.Floats("w", [3, 3, 4, 6], g.RandomFloats(216, 3)), g.Floats("b", [6])], Fused(ConvAttrs("SAME", 2), "BiasAdd", "Relu6"))]);
        Add("_FusedConv2D BiasAdd", g => [g.Op("y", "_FusedConv2D", ["x", g.Floats("w", [3, 3, 4, 2]), g.Floats("b", [2])], Fused(ConvAttrs("VALID", 2), "BiasAdd"))]);
        // Weights as the real models store them (centernet and blazeface: float16 shards), and TF.js's affine 8/16-bit codes.
        Add("_FusedConv2D BiasAdd Relu with float16 weights and bias", g => [g.Op("y", "_FusedConv2D", ["x", g.Float16("w", [3, 3, 4, 5], 2f), g.Float16("b", [5])], Fused(ConvAttrs("SAME", 1), "BiasAdd", "Relu"))]);
        Add("DepthwiseConv2dNative uint8 and Conv2D uint16 affine-quantized weights", g =>
        {
            var d = g.Op("d", "DepthwiseConv2dNative", ["x", g.AffineQuantized("dw", [3, 3, 4, 1], uint16: false)], ConvAttrs("SAME", 1));
            return [g.Op("y", "Conv2D", [d, g.AffineQuantized("w", [1, 1, 4, 3], uint16: true)], ConvAttrs("SAME", 1))];
        });
        Add("DepthwiseConv2dNative multiplier 2", g => [g.Op("y", "DepthwiseConv2dNative", ["x", g.Floats("w", [3, 3, 4, 2])], ConvAttrs("SAME", 1))]);
        Add("FusedDepthwiseConv2dNative BiasAdd Relu stride 2", g => [g.Op("y", "FusedDepthwiseConv2dNative", ["x", g.Floats("w", [3, 3, 4, 1]), g.Floats("b", [4])], Fused(ConvAttrs("SAME", 2), "BiasAdd", "Relu"))]);
        Add("AddV2 channel vector after conv", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 4])], ConvAttrs("SAME", 1));
            return [g.Op("y", "AddV2", [c, g.Floats("b", [4])])];
        });
        Add("Add of two activations and rank-4 constant", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 4])], ConvAttrs("SAME", 1));
            var s = g.Op("s", "Add", [c, "x"]);
            return [g.Op("y", "Add", [g.Floats("k", [1, 1, 1, 4]), s])];
        });
        Add("Mul Sub RealDiv with scalars", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 4])], ConvAttrs("SAME", 1));
            var m = g.Op("m", "Mul", [g.Floats("k", [], [0.5f]), c]);
            var s = g.Op("s", "Sub", [m, g.Floats("k2", [], [3f])]);
            return [g.Op("y", "RealDiv", [s, g.Floats("k3", [4], [1f, 2f, 4f, 8f])])];
        });
        Add("Relu Relu6 Sigmoid (hard swish shape)", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 4], g.RandomFloats(16, 8))], ConvAttrs("SAME", 1));
            var a = g.Op("a", "Add", [c, g.Floats("three", [], [3f])]);
            var r6 = g.Op("r6", "Relu6", [a]);
            var hs = g.Op("hs", "Mul", [c, r6]);
            var r = g.Op("r", "Relu", [hs]);
            return [r, g.Op("y", "Sigmoid", [c])];
        });
        Add("Mean keep_dims (squeeze-excite)", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 4])], ConvAttrs("SAME", 1));
            var attr = new JsonObject { ["keep_dims"] = Bool(true), ["Tidx"] = Type("DT_INT32") };
            var mean = g.Op("mean", "Mean", [c, g.Ints("axes", [2], 1, 2)], attr);
            return [g.Op("y", "Mul", [c, mean])];
        });
        Add("Mean without keep_dims", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 5])], ConvAttrs("SAME", 1));
            return [g.Op("y", "Mean", [c, g.Ints("axes", [2], 1, 2)], new JsonObject { ["keep_dims"] = Bool(false), ["Tidx"] = Type("DT_INT32") })];
        });
        foreach (var (align, half) in new[] { (false, false), (true, false), (false, true) })
        {
            Add($"ResizeBilinear align_corners {align} half_pixel_centers {half}", g =>
            {
                var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 3])], ConvAttrs("SAME", 1));
                return [g.Op("y", "ResizeBilinear", [c, g.Ints("size", [2], 12, 14)], new JsonObject { ["align_corners"] = Bool(align), ["half_pixel_centers"] = Bool(half) })];
            });
        }
        Add("ConcatV2 on channels and on height", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 3])], ConvAttrs("SAME", 1));
            var ch = g.Op("ch", "ConcatV2", [c, "x", g.Ints("axis", [], 3)], new JsonObject { ["N"] = Int(2), ["Tidx"] = Type("DT_INT32") });
            var h = g.Op("h", "ConcatV2", [ch, ch, g.Ints("axis1", [], 1)], new JsonObject { ["N"] = Int(2), ["Tidx"] = Type("DT_INT32") });
            return [h];
        });
        Add("MaxPool SAME 3x3 stride 1", g => [g.Op("y", "MaxPool", ["x"], PoolAttrs("SAME", 3, 1))]);
        Add("MaxPool VALID 2x2 stride 2", g => [g.Op("y", "MaxPool", ["x"], PoolAttrs("VALID", 2, 2))]);
        Add("AvgPool SAME 3x3 stride 2", g => [g.Op("y", "AvgPool", ["x"], PoolAttrs("SAME", 3, 2))]);
        Add("Pad spatial and channels", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 4])], ConvAttrs("SAME", 1));
            return [g.Op("y", "Pad", [c, g.Ints("pads", [4, 2], 0, 0, 1, 2, 0, 1, 0, 4)], new JsonObject { ["Tpaddings"] = Type("DT_INT32") })];
        });
        Add("Reshape of a channels-first activation", g =>
        {
            var c = g.Op("c", "Conv2D", ["x", g.Floats("w", [1, 1, 4, 6])], ConvAttrs("SAME", 1));
            return [g.Op("y", "Reshape", [c, g.Ints("shape", [3], 1, -1, 3)], new JsonObject { ["Tshape"] = Type("DT_INT32") })];
        });
        Add("Equal Cast Mul (heatmap peaks)", g =>
        {
            var p = g.Op("p", "MaxPool", ["x"], PoolAttrs("SAME", 3, 1));
            var e = g.Op("e", "Equal", ["x", p]);
            var f = g.Op("f", "Cast", [e], new JsonObject { ["SrcT"] = Type("DT_BOOL"), ["DstT"] = Type("DT_FLOAT") });
            return [g.Op("y", "Mul", ["x", f])];
        });
        Add("TopKV2 FloorDiv FloorMod GatherV2 StridedSlice ExpandDims (detection tail)", g =>
        {
            var flat = g.Op("flat", "Reshape", ["x", g.Ints("shape", [2], 1, -1)], new JsonObject { ["Tshape"] = Type("DT_INT32") });
            var top = g.Op("top", "TopKV2", [flat, g.Ints("k", [], 5)], new JsonObject { ["sorted"] = Bool(true) });
            var intAttr = new Func<JsonObject>(() => new JsonObject { ["T"] = Type("DT_INT32") });
            var div = g.Op("div", "FloorDiv", ["top:1", g.Ints("seven", [], 7)], intAttr());
            var mod = g.Op("mod", "FloorMod", ["top:1", g.Ints("seven2", [], 7)], intAttr());
            var toFloat = new Func<JsonObject>(() => new JsonObject { ["SrcT"] = Type("DT_INT32"), ["DstT"] = Type("DT_FLOAT") });
            var fd = g.Op("fd", "Cast", [div], toFloat());
            var fm = g.Op("fm", "Cast", [mod], toFloat());
            var rows = g.Op("rows", "Reshape", ["x", g.Ints("shape2", [2], -1, 4)], new JsonObject { ["Tshape"] = Type("DT_INT32") });
            var idx = g.Op("idx", "FloorDiv", ["top:1", g.Ints("four", [], 4)], intAttr());
            var idxFlat = g.Op("idxflat", "Reshape", [idx, g.Ints("shape3", [1], -1)], new JsonObject { ["Tshape"] = Type("DT_INT32") });
            var gathered = g.Op("gathered", "GatherV2", [rows, idxFlat, g.Ints("axis0", [], 0)], new JsonObject { ["batch_dims"] = Int(0), ["Tindices"] = Type("DT_INT32"), ["Taxis"] = Type("DT_INT32") });
            var sliceAttr = new JsonObject { ["begin_mask"] = Int(1), ["end_mask"] = Int(1), ["shrink_axis_mask"] = Int(2), ["ellipsis_mask"] = Int(0), ["new_axis_mask"] = Int(0), ["Index"] = Type("DT_INT32") };
            var column = g.Op("column", "StridedSlice", [gathered, g.Ints("b", [2], 0, 1), g.Ints("e", [2], 0, 2), g.Ints("s", [2], 1, 1)], sliceAttr);
            var col3 = g.Op("col3", "ExpandDims", [column, g.Ints("d1", [], -1)], new JsonObject { ["Tdim"] = Type("DT_INT32") });
            var values = g.Op("values", "ExpandDims", ["top", g.Ints("d2", [], 2)], new JsonObject { ["Tdim"] = Type("DT_INT32") });
            var fd3 = g.Op("fd3", "ExpandDims", [fd, g.Ints("d3", [], 2)], new JsonObject { ["Tdim"] = Type("DT_INT32") });
            var fm3 = g.Op("fm3", "ExpandDims", [fm, g.Ints("d4", [], 2)], new JsonObject { ["Tdim"] = Type("DT_INT32") });
            var cat = g.Op("cat", "ConcatV2", [values, fd3, fm3, g.Ints("axis2", [], 2)], new JsonObject { ["N"] = Int(3), ["Tidx"] = Type("DT_INT32") });
            return [cat, col3];
        });
        return cases;
    }
}
